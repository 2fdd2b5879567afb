import type { QuotePolicy } from '../activities/pricing/types.js';

const HOUR = 60 * 60 * 1000;

/**
 * Timing and routing of one request, carried in the workflow input so that each request keeps the
 * policy it was submitted under and tests can use seconds instead of days.
 */
export interface RequestPolicy {
  /** Reminders to approvers, measured from the start of each approval round. */
  remindAfterMs: number[];
  /** The request expires this long after its approval round started. */
  expireAfterMs: number;
  /** How long support has to review a downgrade after the owner approved it. */
  supportReviewTimeoutMs: number;
  /** Routing and proration choices handed to the pricing module. */
  quote: Partial<QuotePolicy>;
  /** How often the apply activity is attempted before the request ends as `failed`. */
  applyMaxAttempts: number;
}

export const defaultRequestPolicy: RequestPolicy = {
  remindAfterMs: [24 * HOUR, 72 * HOUR],
  expireAfterMs: 7 * 24 * HOUR,
  supportReviewTimeoutMs: 14 * 24 * HOUR,
  quote: {},
  applyMaxAttempts: 30,
};

export function withDefaults(policy: Partial<RequestPolicy> | undefined): RequestPolicy {
  return { ...defaultRequestPolicy, ...policy, quote: { ...defaultRequestPolicy.quote, ...policy?.quote } };
}
