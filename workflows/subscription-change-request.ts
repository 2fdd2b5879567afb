import {
  allHandlersFinished,
  ApplicationFailure,
  ActivityFailure,
  condition,
  log,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { EmailRequest } from '../activities/index.js';
import {
  cancelUpdate,
  decideUpdate,
  resendEmailsUpdate,
  statusQuery,
  submitUpdate,
  supportReviewUpdate,
  type CancelInput,
  type DecideInput,
  type RequestStatusView,
  type SubmitRequestInput,
  type SupportReviewInput,
} from './messages.js';
import { applyActivity, checkPaymentMethod, Outbox, prepareRequest } from './activity-proxies.js';
import { RequestErrorType, type FieldProblem } from './request-errors.js';
import { withDefaults } from './request-policy.js';
import { ChangeRequest, type RequestState } from './request-state.js';
import { ChangeKindKey, RequestStatusKey } from './search-attributes.js';

export type RequestOutcome = Pick<RequestStatusView, 'requestId' | 'state' | 'applied' | 'error'>;

/** The status the client sets when it starts the workflow, so the common path needs no upsert for it. */
export const initialIndexedStatus: RequestState = 'pending_approval';

export async function subscriptionChangeRequest(input: SubmitRequestInput): Promise<RequestOutcome> {
  const request = new ChangeRequest(input, withDefaults(input.policy), Date.now());
  const outbox = new Outbox();
  registerHandlers(request, outbox);
  await runRequest(request, outbox);
  // An Update still running (a resend, a late decision being refused) finishes before the run ends,
  // and so does every email still being retried.
  await condition(allHandlersFinished);
  await outbox.drained();
  const { requestId, state, applied, error } = request.view();
  return { requestId, state, applied, error };
}

async function runRequest(request: ChangeRequest, outbox: Outbox): Promise<void> {
  const index = new StatusIndex();
  const send = (emails: EmailRequest[], sequence?: number) =>
    outbox.send({ emails, round: request.round, sequence, view: request.view() });

  // 1. Prepare: load, check the requester, validate, quote, find the approvers.
  if (!(await prepare(request, 'first'))) return index.update(request);

  // 2. Ask every approver, and give the requester a receipt.
  await send([
    { kind: 'approval_request', audience: 'approvers' },
    { kind: 'receipt', audience: 'requester' },
  ]);

  for (;;) {
    // 3. Wait for the owner's decision, reminding on the way; then support review where routed.
    await waitForDecision(request, () =>
      send([{ kind: 'reminder', audience: 'approvers' }], request.remindersSent),
    );
    if (request.state === 'pending_support_review') {
      index.update(request);
      await send([{ kind: 'support_review', audience: 'requester' }]);
      await waitForSupportReview(request);
    }
    if (request.state !== 'applying') break;

    // 5-6. Apply in one transaction (and confirm at once when the relay answers); if the
    // subscription moved on since the quote, re-quote and ask again with new links.
    const confirmation = {
      emails: [{ kind: 'confirmation', audience: 'everyone' } as const],
      round: request.round,
      view: request.view(),
    };
    try {
      const applied = await applyActivity(request.policy)({
        requestId: request.requestId,
        accountId: request.input.accountId,
        quote: request.prepared!.quote,
        confirmation,
      });
      request.markApplied(applied.record, Date.now());
      index.update(request);
      // 7. Confirm, if the apply could not already.
      if (!applied.confirmationSent) await outbox.send({ ...confirmation, view: request.view() });
      return;
    } catch (error) {
      if (!isVersionConflict(error)) {
        request.markFailed(failureMessage(error), Date.now());
        log.error('apply failed', { requestId: request.requestId });
        index.update(request);
        return send([{ kind: 'apply_failed', audience: 'support' }]);
      }
      if (!(await prepare(request, 'requote'))) return index.update(request);
      index.update(request);
      await send([{ kind: 'requote', audience: 'approvers' }]);
    }
  }

  // Rejected, cancelled or expired: tell whoever needs to know.
  index.update(request);
  const state = request.state;
  if (state === 'rejected') await send([{ kind: 'rejected', audience: 'requester' }]);
  if (state === 'cancelled' || state === 'expired') await send([{ kind: state, audience: 'everyone' }]);
}

function registerHandlers(request: ChangeRequest, outbox: Outbox): void {
  setHandler(statusQuery, () => request.view());

  setHandler(submitUpdate, async () => {
    await condition(() => request.state !== 'preparing');
    if (request.state === 'invalid') {
      const error = request.error!;
      throw ApplicationFailure.create({
        type: error.type,
        message: error.message,
        nonRetryable: true,
        details: error.problems ? [{ problems: error.problems }] : [],
      });
    }
    const { quote, approvers } = request.prepared!;
    return { requestId: request.requestId, status: request.state, quote, approvers };
  });

  setHandler(
    decideUpdate,
    async (decision) => {
      if (request.needsPaymentMethodCheck(decision)) {
        if (!(await checkPaymentMethod(request.input.accountId))) throw request.refusePaymentMethod();
        request.paymentMethodAdded();
      }
      // Validated again: another decision may have landed while the payment check ran.
      request.decide(decision, Date.now());
      return request.view();
    },
    { validator: (decision: DecideInput) => request.validateDecision(decision) },
  );

  setHandler(
    supportReviewUpdate,
    (review) => {
      request.review(review, Date.now());
      return request.view();
    },
    { validator: (review: SupportReviewInput) => request.validateSupportReview(review) },
  );

  setHandler(
    cancelUpdate,
    (cancellation) => {
      request.cancel(cancellation, Date.now());
      return request.view();
    },
    { validator: (cancellation: CancelInput) => request.validateCancel(cancellation) },
  );

  setHandler(resendEmailsUpdate, async ({ by, channel }) => {
    if (request.state !== 'pending_approval') {
      throw ApplicationFailure.create({
        type: RequestErrorType.NotOpen,
        message: `The request is ${request.state}; only requests pending approval have emails to resend`,
        nonRetryable: true,
      });
    }
    request.resends += 1;
    request.log(Date.now(), by, 'emails resent', channel);
    await outbox.send({
      emails: [{ kind: 'approval_request', audience: 'approvers' }],
      round: request.round,
      sequence: request.resends,
      view: request.view(),
    });
    return request.view();
  });
}

/** Runs the prepare step; false when the request ended there (refused, or a re-quote that failed). */
async function prepare(request: ChangeRequest, attempt: 'first' | 'requote'): Promise<boolean> {
  const { input, policy } = request;
  let prepared;
  try {
    prepared = await prepareRequest({
      accountId: input.accountId,
      requestedBy: input.requestedBy,
      changes: input.changes,
      at: new Date().toISOString(),
      quotePolicy: policy.quote,
    });
  } catch (error) {
    if (attempt === 'requote') {
      // A re-quote that no longer validates (e.g. the plan was retired) ends the request for support.
      request.markFailed(failureMessage(error), Date.now());
      return false;
    }
    const failure = applicationFailureOf(error);
    const problems = (failure?.details?.[0] as { problems?: FieldProblem[] } | undefined)?.problems;
    request.markInvalid(
      {
        type: failure?.type ?? RequestErrorType.Unavailable,
        message: failure?.message ?? 'The billing system did not answer; please try again',
        ...(problems ? { problems } : {}),
      },
      Date.now(),
    );
    return false;
  }
  if (attempt === 'first') request.markPrepared(prepared, Date.now());
  else request.markRequoted(prepared, Date.now());
  return true;
}

/** Waits until the request is decided or cancelled, sending reminders when due, expiring it at the end. */
async function waitForDecision(request: ChangeRequest, remind: () => Promise<unknown>): Promise<void> {
  while (request.state === 'pending_approval') {
    const reminderAt = request.nextReminderAt;
    const wakeAt = Math.min(reminderAt ?? Infinity, request.expiresAt);
    const moved = await condition(
      () => request.state !== 'pending_approval',
      Math.max(wakeAt - Date.now(), 1),
    );
    if (moved) return;
    if (reminderAt !== undefined && reminderAt < request.expiresAt && Date.now() >= reminderAt) {
      request.markReminded(Date.now());
      await remind();
    } else if (Date.now() >= request.expiresAt) {
      request.expire(Date.now());
    }
  }
}

async function waitForSupportReview(request: ChangeRequest): Promise<void> {
  const reviewed = await condition(
    () => request.state !== 'pending_support_review',
    request.policy.supportReviewTimeoutMs,
  );
  if (!reviewed) request.expire(Date.now());
}

/**
 * Keeps the RequestStatus and ChangeKind search attributes in step with the states a request rests
 * in. Ids and states only, never personal data (DESIGN.md section 7). The transient states
 * (`preparing`, `applying`: well under a second) are not indexed, and an upsert that would change
 * nothing is skipped: each upsert is a billed Action. The status query always shows the exact state.
 */
class StatusIndex {
  private indexed: RequestState = initialIndexedStatus;

  update(request: ChangeRequest): void {
    if (request.state === 'preparing' || request.state === 'applying' || request.state === this.indexed)
      return;
    this.indexed = request.state;
    upsertSearchAttributes([
      { key: RequestStatusKey, value: request.state },
      { key: ChangeKindKey, value: request.prepared?.quote.kinds ?? [] },
    ]);
  }
}

function applicationFailureOf(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ApplicationFailure) return error;
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure) return error.cause;
  return undefined;
}

function isVersionConflict(error: unknown): boolean {
  return applicationFailureOf(error)?.type === RequestErrorType.SubscriptionVersionConflict;
}

function failureMessage(error: unknown): string {
  const failure = applicationFailureOf(error);
  if (failure) return failure.message;
  return error instanceof Error ? error.message : String(error);
}
