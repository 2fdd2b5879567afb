// The price preview of a change: exactly the quote a submission would get at that instant, from the
// workflow's own prepare step (activities/quote-source.ts). PlangateClient.quote, the quotes
// endpoint, `plangate quote` and the requester portal all answer through previewQuote. It reads the
// store and prices; it writes nothing and makes no Temporal call.
import { ApplicationFailure } from '@temporalio/common';
import type { QuoteSource } from '../activities/quote-source.js';
import type { Quote, QuotePolicy } from '../activities/pricing/types.js';
import { isErrorCode } from './error-codes.js';
import { PlangateError } from './plangate-error.js';
import { checkId } from './request-ids.js';
import { toPlangateError } from './temporal-errors.js';

export interface QuoteRequest {
  accountId: string;
  /** As the caller sent it: validated like a submission's `changes`. */
  changes: unknown;
  /**
   * Who would submit it. With it, the requester checks of a submission apply (403 for a member who
   * may not ask, 404 unknown account) and an owner's or billing admin's quote carries the direct
   * route their submission would take. Without it, the change is only priced.
   */
  requestedBy?: string;
  /** The instant to price at (ISO 8601); default now, as a submission is priced when it arrives. */
  at?: string;
}

export async function previewQuote(
  source: QuoteSource | undefined,
  request: QuoteRequest,
  quotePolicy: Partial<QuotePolicy>,
): Promise<Quote> {
  const accountId = checkId('accountId', request.accountId);
  const requestedBy =
    request.requestedBy === undefined ? undefined : checkId('requestedBy', request.requestedBy);
  const at = instantOf(request.at);
  if (!source)
    throw new PlangateError('NOT_CONFIGURED', 'This client was built without access to the billing store');
  try {
    if (requestedBy === undefined)
      return await source.price({ accountId, changes: request.changes, at, quotePolicy });
    const prepared = await source.prepare({
      accountId,
      requestedBy,
      changes: request.changes,
      at,
      quotePolicy,
    });
    return prepared.quote;
  } catch (error) {
    // A refusal keeps its code (400/403/404/...); anything else is the store not answering.
    if (error instanceof ApplicationFailure && isErrorCode(error.type)) throw toPlangateError(error);
    if (error instanceof PlangateError) throw error;
    throw new PlangateError('UNAVAILABLE', 'The billing system did not answer; please try again');
  }
}

/** The instant as the workflow's clock writes it (ISO 8601 UTC, milliseconds), or a 400 naming `at`. */
function instantOf(at: string | undefined): string {
  if (at === undefined) return new Date().toISOString();
  const ms = typeof at === 'string' ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) {
    const message = 'must be an ISO 8601 instant such as 2026-03-15T12:00:00Z';
    throw new PlangateError('INVALID_INPUT', `at: ${message}`, { problems: [{ field: 'at', message }] });
  }
  return new Date(ms).toISOString();
}
