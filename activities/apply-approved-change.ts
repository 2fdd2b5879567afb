import type { Quote } from './pricing/types.js';
import type { RequestEvent } from './store/event-types.js';
import { SubscriptionVersionConflictError, type ApplyChangeResult } from './store/types.js';
import type { ActivityDeps } from './deps.js';
import { RequestErrorType, refusal } from '../workflows/request-errors.js';
import { requestEvent } from '../workflows/request-events.js';
import type { AppliedRecord } from '../workflows/messages.js';
import { appliedView } from '../workflows/request-view.js';
import { sendRequestEmailsWith, type SendRequestEmailsInput } from './send-request-emails.js';

export interface ApplyApprovedChangeInput {
  requestId: string;
  accountId: string;
  quote: Quote;
  /** The confirmation to send right after the commit (saves the workflow a separate activity). */
  confirmation?: SendRequestEmailsInput;
  /**
   * The transitions that led here (the approval), stored before the apply; then the `applied`
   * event, with this sequence, and the applied view are stored in the apply's own transaction.
   * Absent in runs started before the apply announced.
   */
  announce?: {
    events: RequestEvent[];
    appliedSequence: number;
    run: { workflowId: string; runId: string };
  };
}

export interface ApplyApprovedChangeResult {
  record: AppliedRecord;
  /** False when the relay did not take the confirmation: the workflow sends it durably instead. */
  confirmationSent: boolean;
}

export function applyApprovedChangeActivity(deps: ActivityDeps) {
  const { store, now } = deps;
  /**
   * Writes the approved quote: the invoice carries exactly the lines the approver saw (the quote's
   * instant is the proration date, as Stripe's `proration_date` honours a preview). The store's
   * transaction checks the version and uses the request id as idempotency key, so a retry after a
   * crash returns the first result instead of applying twice. An `applied` event that reports the
   * change is committed with it: a process that dies right after the commit cannot lose it.
   */
  return async function applyApprovedChange({
    requestId,
    accountId,
    quote,
    confirmation,
    announce,
  }: ApplyApprovedChangeInput): Promise<ApplyApprovedChangeResult> {
    const before = confirmation?.view;
    if (announce && before) {
      // The approval is news whether or not the apply goes through (it may meet a version conflict).
      await store.recordRequestUpdate({ view: before, events: announce.events, run: announce.run });
    }
    let record: AppliedRecord;
    let invoice: ApplyChangeResult['invoice'];
    try {
      const result = await store.applyChange({
        requestId,
        accountId,
        subscriptionId: quote.subscriptionId,
        expectedVersion: quote.subscriptionVersion,
        next: { ...quote.after, ...periodFrom(quote) },
        ...(quote.addedSubscription ? { addSubscription: quote.addedSubscription.terms } : {}),
        invoice: {
          currency: quote.currency,
          lines: quote.lines,
          subtotalMinor: quote.subtotalMinor,
          taxMinor: quote.taxMinor,
          totalMinor: quote.totalMinor,
          notes: quote.tax.note ? [quote.tax.note] : [],
        },
        appliedAt: (now?.() ?? new Date()).toISOString(),
        ...(announce && before
          ? {
              announce: (applied: ApplyChangeResult) => {
                const view = appliedView(before, appliedRecordOf(applied));
                const event = requestEvent('applied', announce.appliedSequence, applied.appliedAt, view, {
                  subscription: applied.subscription,
                  ...(applied.addedSubscription ? { addedSubscription: applied.addedSubscription } : {}),
                  invoice: applied.invoice,
                });
                return { view, events: [event], run: announce.run };
              },
            }
          : {}),
      });
      record = appliedRecordOf(result);
      invoice = result.invoice;
    } catch (error) {
      if (error instanceof SubscriptionVersionConflictError) {
        throw refusal(RequestErrorType.SubscriptionVersionConflict, error.message);
      }
      throw error;
    }
    if (!confirmation) return { record, confirmationSent: false };
    try {
      // The change is committed: a relay problem must not fail (and so repeat) the apply.
      // Sent with the view as applied (it is what the mails tell of: a watcher's "latest step") and
      // the invoice as the apply's transaction read it back: the same row the store would return.
      const applied = { ...confirmation, view: appliedView(confirmation.view, record) };
      await sendRequestEmailsWith(deps, applied, { invoice });
      return { record, confirmationSent: true };
    } catch {
      return { record, confirmationSent: false };
    }
  };
}

/**
 * The billing period of the new terms: the quote's, or for a change scheduled at the period end the
 * period that starts then (nothing was prorated: the new items run from there).
 */
function periodFrom(quote: Quote): { periodStart: string; periodEnd: string } {
  if (quote.scheduledChangeAt && quote.scheduledPeriodEnd)
    return { periodStart: quote.scheduledChangeAt, periodEnd: quote.scheduledPeriodEnd };
  return { periodStart: quote.newPeriodStart, periodEnd: quote.newPeriodEnd };
}

function appliedRecordOf(result: ApplyChangeResult): AppliedRecord {
  return {
    invoiceId: result.invoice.invoiceId,
    totalMinor: result.invoice.totalMinor,
    currency: result.invoice.currency,
    appliedAt: result.appliedAt,
    subscriptionVersion: result.subscription.version,
  };
}
