import {
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  setHandler,
} from '@temporalio/workflow';
import type { EmailRequest, PrepareRequestInput } from '../activities/index.js';
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
  type ResendEmailsInput,
  type SubmitRequestInput,
  type SupportReviewInput,
} from './messages.js';
import { applyActivity, checkPaymentMethod, prepareRequest } from './activity-proxies.js';
import { Announcer } from './announcer.js';
import { problemsOf, refusal, RequestErrorType } from './request-errors.js';
import { withDefaults } from './request-policy.js';
import { ChangeRequest, type ApprovalNews } from './request-state.js';
import { statusView } from './request-view.js';

export type RequestOutcome = Pick<RequestStatusView, 'requestId' | 'state' | 'applied' | 'error'>;

export async function subscriptionChangeRequest(input: SubmitRequestInput): Promise<RequestOutcome> {
  const request = new ChangeRequest(input, withDefaults(input.policy), Date.now());
  const announcer = new Announcer(request);
  registerHandlers(request, announcer);
  await runRequest(request, announcer);
  // An Update still running (a resend, a late decision being refused) finishes before the run ends,
  // and so does every announcement still being retried.
  await condition(allHandlersFinished);
  await announcer.drained();
  const { requestId, state, applied, error } = statusView(request);
  return { requestId, state, applied, error };
}

async function runRequest(request: ChangeRequest, announcer: Announcer): Promise<void> {
  const announce = (emails: EmailRequest[], sequence?: number) => announcer.announce(emails, sequence);
  // Watchers are told of each step (submitted, each approval, the decision, the outcome).
  const step = (emails: EmailRequest[]): EmailRequest[] =>
    request.watchers.length > 0 ? [...emails, { kind: 'watch', audience: 'watchers' }] : emails;

  // 1. Prepare: load, check the requester, validate, quote, find the approvers.
  if (!(await prepare(request))) return announce([]);

  // 2. An owner or billing admin decides by submitting; anyone else asks every approver (and gets
  // a receipt).
  if (request.isDirect) request.decideByRole(Date.now());
  else {
    await announce(
      step([
        { kind: 'approval_request', audience: 'approvers' },
        { kind: 'receipt', audience: 'requester' },
      ]),
    );
  }

  for (;;) {
    // 3. Wait for the owner's decision, reminding on the way; then support review where routed,
    // and the date of a change for the period end.
    await waitForDecision(request, {
      remind: () => announce([{ kind: 'reminder', audience: 'approvers' }], request.remindersSent),
      // An approval that does not decide yet, or a stage whose approvers are asked now.
      tell: (news) =>
        announce(
          step(news.includes('stage_started') ? [{ kind: 'approval_request', audience: 'approvers' }] : []),
        ),
    });
    if (request.state === 'pending_support_review') {
      await announce(step([{ kind: 'support_review', audience: 'requester' }]));
      await waitForSupportReview(request);
    }
    if (request.state === 'scheduled') {
      await announce(step([{ kind: 'scheduled', audience: 'everyone' }]));
      await waitForScheduledDate(request);
    }
    if (request.state !== 'applying') break;

    // 5-6. Apply in one transaction (and confirm at once when the relay answers); if the
    // subscription moved on since the quote, re-quote and ask again with new links.
    const confirmation = step([{ kind: 'confirmation', audience: 'everyone' }]);
    const announceApply = announcer.forApply();
    try {
      const applied = await applyActivity(request.policy)({
        requestId: request.requestId,
        accountId: request.input.accountId,
        quote: request.prepared!.quote,
        confirmation: { emails: confirmation, round: request.round, view: statusView(request) },
        announce: announceApply,
      });
      request.markApplied(applied.record);
      // 7. Confirm, if the apply could not already.
      return announce(applied.confirmationSent ? [] : confirmation);
    } catch (error) {
      if (announceApply) request.releaseAppliedSequence(announceApply.appliedSequence);
      if (!isVersionConflict(error)) {
        request.markFailed(failureMessage(error), Date.now());
        log.error('apply failed', { requestId: request.requestId });
        return announce([{ kind: 'apply_failed', audience: 'support' }]);
      }
      // A change that no longer validates (e.g. its plan was retired) ends the request, and support
      // is told (runs started before that was so replay without the notice).
      if (!(await requote(request)))
        return announce(announcer.legacy ? [] : [{ kind: 'apply_failed', audience: 'support' }]);
      // An owner's direct change has nobody to ask: the new quote is decided by their role again
      // (runs that asked before this was so replay as they ran).
      if (request.isDirect && patched('requoted-direct-change-decides')) request.decideByRole(Date.now());
      else await announce([{ kind: 'requote', audience: 'approvers' }]);
    }
  }

  // Rejected, cancelled or expired: tell whoever needs to know.
  const state = request.state;
  if (state === 'rejected') return announce(step([{ kind: 'rejected', audience: 'requester' }]));
  if (state === 'cancelled' || state === 'expired')
    return announce(step([{ kind: state, audience: 'everyone' }]));
}

function registerHandlers(request: ChangeRequest, announcer: Announcer): void {
  setHandler(statusQuery, () => statusView(request));

  setHandler(submitUpdate, async () => {
    await condition(() => request.state !== 'preparing');
    if (request.state === 'invalid') {
      const { type, message, problems } = request.error!;
      throw refusal(type as RequestErrorType, message, problems);
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
      return statusView(request);
    },
    { validator: (decision: DecideInput) => request.validateDecision(decision, Date.now()) },
  );

  setHandler(
    supportReviewUpdate,
    (review) => {
      request.review(review, Date.now());
      return statusView(request);
    },
    { validator: (review: SupportReviewInput) => request.validateSupportReview(review) },
  );

  setHandler(
    cancelUpdate,
    (cancellation) => {
      request.cancel(cancellation, Date.now());
      return statusView(request);
    },
    { validator: (cancellation: CancelInput) => request.validateCancel(cancellation) },
  );

  setHandler(
    resendEmailsUpdate,
    async ({ by, channel }) => {
      // Validated again for resends accepted before the validator existed, whose histories replay.
      request.validateResend();
      request.markResent(by, channel, Date.now());
      await announcer.announce([{ kind: 'approval_request', audience: 'approvers' }], request.resends);
      return statusView(request);
    },
    { validator: (_resend: ResendEmailsInput) => request.validateResend() },
  );
}

/** The first prepare; false when the submission was refused (the caller gets the reason). */
async function prepare(request: ChangeRequest): Promise<boolean> {
  try {
    request.markPrepared(await prepareRequest(prepareInput(request)), Date.now());
    return true;
  } catch (error) {
    const failure = applicationFailureOf(error);
    const problems = problemsOf(failure);
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
}

/** A new quote after the subscription moved on; false when it no longer validates (support is told by the failure). */
async function requote(request: ChangeRequest): Promise<boolean> {
  try {
    request.markRequoted(await prepareRequest(prepareInput(request)), Date.now());
    return true;
  } catch (error) {
    // E.g. the plan was retired since the first quote.
    request.markFailed(failureMessage(error), Date.now());
    return false;
  }
}

function prepareInput({ input, policy, prepared }: ChangeRequest): PrepareRequestInput {
  return {
    accountId: input.accountId,
    requestedBy: input.requestedBy,
    changes: input.changes,
    at: new Date().toISOString(),
    quotePolicy: policy.quote,
    // A re-quote keeps the approval policy the request was submitted under.
    ...(prepared?.policy ? { approvalPolicy: prepared.policy } : {}),
  };
}

/**
 * Waits until the request is decided or cancelled: approvals that do not decide yet (and the start
 * of a further stage) are made known as they come, reminders go out when due, and it expires at
 * the end.
 */
async function waitForDecision(
  request: ChangeRequest,
  on: { remind: () => Promise<unknown>; tell: (news: ApprovalNews[]) => Promise<unknown> },
): Promise<void> {
  while (request.state === 'pending_approval') {
    const reminderAt = request.nextReminderAt;
    const wakeAt = Math.min(reminderAt ?? Infinity, request.expiresAt);
    const moved = await condition(
      () => request.state !== 'pending_approval' || request.hasNews,
      Math.max(wakeAt - Date.now(), 1),
    );
    if (request.hasNews) {
      await on.tell(request.takeNews());
      continue;
    }
    if (moved) return;
    if (reminderAt !== undefined && reminderAt < request.expiresAt && Date.now() >= reminderAt) {
      request.markReminded(Date.now());
      await on.remind();
    } else if (Date.now() >= request.expiresAt) {
      request.expire(Date.now());
    }
  }
}

/** One durable timer until the period end; a cancellation ends the wait, and nothing changes. */
async function waitForScheduledDate(request: ChangeRequest): Promise<void> {
  const due = Date.parse(request.scheduledChangeAt!);
  const cancelled = await condition(() => request.state !== 'scheduled', Math.max(due - Date.now(), 1));
  if (!cancelled) request.markDue(Date.now());
}

async function waitForSupportReview(request: ChangeRequest): Promise<void> {
  const reviewed = await condition(
    () => request.state !== 'pending_support_review',
    request.policy.supportReviewTimeoutMs,
  );
  if (!reviewed) request.expire(Date.now());
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
