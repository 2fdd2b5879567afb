import {
  allHandlersFinished,
  ApplicationFailure,
  ActivityFailure,
  condition,
  log,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { EmailRequest, PlangateActivities } from '../activities/index.js';
import type { EmailKind } from '../activities/store/types.js';
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
import { RequestErrorType, type FieldProblem } from './request-errors.js';
import { withDefaults } from './request-policy.js';
import { ChangeRequest, type RequestState } from './request-state.js';
import { ChangeKindKey, RequestStatusKey } from './search-attributes.js';

// Prepare and the payment check only read the store and compute: local activities keep them cheap
// (one Action per batch) and fast. Sends and the apply are real activities with their own retries.
const { prepareRequest, checkPaymentMethod } = proxyLocalActivities<PlangateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: Object.values(RequestErrorType) },
});
const { sendRequestEmails } = proxyActivities<PlangateActivities>({
  startToCloseTimeout: '1 minute',
  // An SMTP relay that is down must not lose mail: keep trying, slowly, for as long as it takes.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

export type RequestOutcome = Pick<RequestStatusView, 'requestId' | 'state' | 'applied' | 'error'>;

export async function subscriptionChangeRequest(input: SubmitRequestInput): Promise<RequestOutcome> {
  const result = await runRequest(input);
  // An Update still running (a resend, a late decision being refused) finishes before the run ends.
  await condition(allHandlersFinished);
  return result;
}

async function runRequest(input: SubmitRequestInput): Promise<RequestOutcome> {
  const policy = withDefaults(input.policy);
  const request = new ChangeRequest(input, policy, Date.now());
  const { applyApprovedChange } = proxyActivities<PlangateActivities>({
    startToCloseTimeout: '1 minute',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '30 seconds',
      maximumAttempts: policy.applyMaxAttempts,
      nonRetryableErrorTypes: [RequestErrorType.SubscriptionVersionConflict],
    },
  });

  registerHandlers(request);

  // 1. Prepare: load, check the requester, validate, quote, find the approvers.
  if (!(await prepare(request, 'first'))) return outcome(request);
  const send = (emails: EmailRequest[], sequence?: number) =>
    sendRequestEmails({ emails, round: request.round, sequence, view: request.view() });

  // 2. Ask every approver, and give the requester a receipt (one activity: one Action).
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
      setStatus(request);
      await send([{ kind: 'support_review', audience: 'requester' }]);
      await waitForSupportReview(request);
    }
    if (request.state !== 'applying') break;
    setStatus(request);

    // 5-6. Apply in one transaction; if the subscription moved on since the quote, ask again.
    try {
      const applied = await applyApprovedChange({
        requestId: input.requestId,
        accountId: input.accountId,
        quote: request.prepared!.quote,
      });
      request.markApplied(applied, Date.now());
    } catch (error) {
      if (isVersionConflict(error)) {
        if (!(await prepare(request, 'requote'))) return outcome(request);
        await send([{ kind: 'requote', audience: 'approvers' }]);
        continue;
      }
      request.markFailed(failureMessage(error), Date.now());
      log.error('apply failed', { requestId: input.requestId });
      setStatus(request);
      await send([{ kind: 'apply_failed', audience: 'support' }]);
      return outcome(request);
    }
    break;
  }

  // 7. Tell everyone how it ended.
  setStatus(request);
  const notices: Partial<Record<RequestState, EmailKind>> = {
    applied: 'confirmation',
    rejected: 'rejected',
    cancelled: 'cancelled',
    expired: 'expired',
  };
  const notice = notices[request.state];
  if (notice) await send([{ kind: notice, audience: notice === 'rejected' ? 'requester' : 'everyone' }]);
  return outcome(request);
}

function registerHandlers(request: ChangeRequest): void {
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
    return {
      requestId: request.requestId,
      status: request.state,
      quote: request.prepared!.quote,
      approvers: request.prepared!.approvers,
    };
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
        message: `The request is ${request.state}; only pending approval requests have emails to resend`,
        nonRetryable: true,
      });
    }
    request.resends += 1;
    request.log(Date.now(), by, 'emails resent', channel);
    await sendRequestEmails({
      emails: [{ kind: 'approval_request', audience: 'approvers' }],
      round: request.round,
      sequence: request.resends,
      view: request.view(),
    });
    return request.view();
  });
}

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
    const failure = applicationFailureOf(error);
    if (attempt === 'requote') {
      // A re-quote that no longer validates (e.g. the plan was retired) ends the request for support.
      request.markFailed(failureMessage(error), Date.now());
      setStatus(request);
      return false;
    }
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
  setStatus(request);
  return true;
}

/** Waits until the request is decided or cancelled, sending reminders when due, expiring it at the end. */
async function waitForDecision(request: ChangeRequest, remind: () => Promise<unknown>): Promise<void> {
  while (request.state === 'pending_approval') {
    const round = request.round;
    const reminderAt = request.nextReminderAt;
    const wakeAt = Math.min(reminderAt ?? Infinity, request.expiresAt);
    const moved = await condition(
      () => request.state !== 'pending_approval' || request.round !== round,
      Math.max(wakeAt - Date.now(), 1),
    );
    if (moved) continue;
    if (reminderAt !== undefined && reminderAt <= request.expiresAt && Date.now() >= reminderAt) {
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

/** Search attributes hold ids and states only (DESIGN.md section 7); RequestId and AccountId are set at start. */
function setStatus(request: ChangeRequest): void {
  upsertSearchAttributes([
    { key: RequestStatusKey, value: request.state },
    { key: ChangeKindKey, value: request.prepared?.quote.kinds ?? [] },
  ]);
}

function outcome(request: ChangeRequest): RequestOutcome {
  const view = request.view();
  return { requestId: view.requestId, state: view.state, applied: view.applied, error: view.error };
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
