// Where a quote outside a workflow comes from: the workflow's own prepare step (with a requester)
// and the pricing path it uses (without one), run in the caller's process against the store and the
// catalog. The client's quote() and its submission preview both take them from here, so a preview
// is the workflow's own code, never a second implementation.
import type { ActivityDeps } from './deps.js';
import type { Quote } from './pricing/types.js';
import { prepareRequestActivity, type PreparedRequest, type PrepareRequestInput } from './prepare-request.js';
import { quoteChange, type QuoteChangeInput } from './quote-change.js';

export interface QuoteSource {
  /** The workflow's prepare step: the requester's checks, the approvers and the quote. */
  prepare(input: PrepareRequestInput): Promise<PreparedRequest>;
  /** The same validation and pricing without a requester: no role check, no approvers. */
  price(input: QuoteChangeInput): Promise<Quote>;
}

export function quoteSource(
  deps: Pick<ActivityDeps, 'store' | 'catalog' | 'defaultApprovalPolicy'>,
): QuoteSource {
  return {
    prepare: prepareRequestActivity(deps),
    price: async (input) => (await quoteChange(deps, input)).quote,
  };
}
