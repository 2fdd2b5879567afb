// The state of one change request and the rules for moving it on. Pure: no Temporal calls and no
// clock of its own (every rule and transition is told the time), so it is unit-tested on its own;
// the workflow feeds it events and asks it questions.
import type { PreparedRequest } from '../activities/prepare-request.js';
import { ApprovalProgress } from './approval-progress.js';
import { RequestErrorType, refusal, type FieldProblem } from './request-errors.js';
import {
  actorName,
  type Actor,
  type AppliedRecord,
  type CancelInput,
  type Channel,
  type DecideInput,
  type DecisionRecord,
  type PersonView,
  type RequestStatusView,
  type SubmitRequestInput,
  type SupportReviewInput,
  type TimelineEntry,
} from './messages.js';
import { quoteFacts, requestEvent, type RequestEvent, type RequestEventKind } from './request-events.js';
import type { RequestPolicy } from './request-policy.js';
import { allowedMoves, isOpenState, mayCancel, type Canceller, type RequestState } from './request-states.js';

export type RequestError = NonNullable<RequestStatusView['error']>;

/** What happened while a request waits for approvals, that the workflow must make known. */
export type ApprovalNews = 'approval_recorded' | 'stage_started';

export class ChangeRequest {
  state: RequestState = 'preparing';
  round = 0;
  roundStartedAt: number;
  /** Reminders count from the start of the stage the request waits in (the round's start at first). */
  stageStartedAt: number;
  remindersSent = 0;
  /** Who approved so far and who is still asked, under the plan of the current round. */
  progress?: ApprovalProgress;
  private readonly news: ApprovalNews[] = [];
  /** How often support asked for the approval emails to be sent again. */
  resends = 0;
  prepared?: PreparedRequest;
  decision?: DecisionRecord;
  supportReview?: DecisionRecord;
  applied?: AppliedRecord;
  error?: RequestError;
  readonly timeline: TimelineEntry[] = [];
  private readonly usedNonces = new Set<string>();
  /** Events of transitions not yet handed to a step that stores them (docs/events.md). */
  private readonly unpublished: RequestEvent[] = [];
  private nextSequence = 1;

  constructor(
    readonly input: SubmitRequestInput,
    readonly policy: RequestPolicy,
    readonly submittedAt: number,
  ) {
    this.roundStartedAt = submittedAt;
    this.stageStartedAt = submittedAt;
    this.log(submittedAt, input.requestedBy, 'submitted', input.channel, input.note);
  }

  get requestId(): string {
    return this.input.requestId;
  }

  get isOpen(): boolean {
    return isOpenState(this.state);
  }

  get expiresAt(): number {
    return this.roundStartedAt + this.policy.expireAfterMs;
  }

  /** When the next reminder is due, or undefined when all were sent. */
  get nextReminderAt(): number | undefined {
    const delay = this.policy.remindAfterMs[this.remindersSent];
    return delay === undefined ? undefined : this.stageStartedAt + delay;
  }

  /** Whether approvals came in (or a stage began) that are not yet made known. */
  get hasNews(): boolean {
    return this.news.length > 0;
  }

  takeNews(): ApprovalNews[] {
    return this.news.splice(0);
  }

  /** The members who watch the request (told of each step; they cannot decide). */
  get watchers(): PersonView[] {
    return this.prepared?.plan?.watchers ?? [];
  }

  // --- transitions -------------------------------------------------------------------------------

  markPrepared(prepared: PreparedRequest, at: number): void {
    this.prepared = prepared;
    this.progress = progressOf(prepared);
    this.round = 1;
    this.roundStartedAt = at;
    this.stageStartedAt = at;
    this.move('pending_approval', at, 'system', 'quoted', 'system', prepared.quote.summary.join('; '));
    this.emit('submitted', at, {
      requestedBy: this.input.requestedBy,
      changes: this.input.changes,
      approvers: prepared.approvers.map((a) => a.userId),
      expiresAt: iso(this.expiresAt),
      ...quoteFacts(prepared.quote),
    });
  }

  markInvalid(error: RequestError, at: number): void {
    this.error = error;
    this.move('invalid', at, 'system', 'refused', 'system', error.message);
  }

  /** The subscription moved on since the quote: a new quote and a new round of links. */
  markRequoted(prepared: PreparedRequest, at: number): void {
    this.prepared = prepared;
    this.progress = progressOf(prepared);
    this.round += 1;
    this.roundStartedAt = at;
    this.stageStartedAt = at;
    this.remindersSent = 0;
    this.decision = undefined;
    this.supportReview = undefined;
    this.move('pending_approval', at, 'system', 'requoted', 'system', prepared.quote.summary.join('; '));
    this.emit('requoted', at, {
      round: this.round,
      expiresAt: iso(this.expiresAt),
      ...quoteFacts(prepared.quote),
    });
  }

  markReminded(at: number): void {
    this.remindersSent += 1;
    this.log(at, 'system', `reminder ${this.remindersSent} sent`, 'system');
  }

  markResent(by: string, channel: Channel, at: number): void {
    this.resends += 1;
    this.log(at, by, 'emails resent', channel);
  }

  /**
   * One approver's decision. A rejection rejects at once, at any stage. An approval counts once per
   * approver and stage (a repeated click changes nothing); the request moves on when the last stage
   * has the approvals it needs, else it waits for the next approval or stage.
   */
  decide(input: DecideInput, at: number): void {
    this.validateDecision(input, at);
    if (input.link) this.usedNonces.add(input.link.nonce);
    const progress = this.progress!;
    const approver = input.onBehalfOf ?? input.approverId;
    const onBehalf = input.onBehalfOf ? { onBehalfOf: input.onBehalfOf } : {};
    const detail = input.onBehalfOf ? `on behalf of ${input.onBehalfOf}` : undefined;
    if (input.decision === 'approve' && !progress.isPending(approver)) return;
    const record: DecisionRecord = {
      by: input.approverId,
      ...onBehalf,
      decision: input.decision,
      reason: input.reason?.trim(),
      at: iso(at),
      channel: input.channel,
    };
    const facts = { decidedBy: input.approverId, ...onBehalf, channel: input.channel };
    if (input.decision === 'reject') {
      this.decision = record;
      this.move('rejected', at, input.approverId, 'rejected', input.channel, input.reason ?? detail);
      this.emit('rejected', at, facts);
      return;
    }
    const stage = progress.current.name;
    const outcome = progress.record({ approver, by: input.approverId, at: iso(at), channel: input.channel });
    if (outcome === 'all_done') {
      this.decision = record;
      this.move(this.nextAfterApproval('approver'), at, input.approverId, 'approved', input.channel, detail);
      this.emitApproved(at, facts);
      return;
    }
    // More approvals are needed: in this stage, or (when it is complete) in the next.
    const { given, needed } = progress.counts();
    this.log(at, input.approverId, 'approval recorded', input.channel, detail);
    this.emit('approval_recorded', at, {
      ...facts,
      approvedBy: approver,
      stage,
      ...(outcome === 'stage_open' ? { approvals: given, needed } : {}),
    });
    this.news.push('approval_recorded');
    if (outcome === 'stage_done') {
      this.stageStartedAt = at;
      this.remindersSent = 0;
      this.log(at, 'system', 'stage started', 'system', progress.current.name);
      this.news.push('stage_started');
    }
  }

  /**
   * An owner's or billing admin's own submission is the decision: recorded as theirs, by their
   * role, and then on exactly the path an approved request takes.
   */
  decideByRole(at: number): void {
    const requester = this.prepared!.requester;
    const { channel } = this.input;
    this.decision = {
      by: requester.userId,
      decision: 'approve',
      at: iso(at),
      channel,
      byRole: requester.role,
    };
    this.move(
      this.nextAfterApproval('approver'),
      at,
      requester.userId,
      'changed directly',
      channel,
      requester.role,
    );
    this.emitApproved(at, { decidedBy: requester.userId, byRole: requester.role, channel });
  }

  /** A scheduled change's date has come: it is applied now. */
  markDue(at: number): void {
    this.move('applying', at, 'system', 'scheduled change due', 'system');
  }

  review(input: SupportReviewInput, at: number): void {
    this.validateSupportReview(input);
    const actor = actorName({ support: input.reviewer.trim() });
    this.supportReview = {
      by: actor,
      decision: input.decision,
      reason: input.reason?.trim(),
      at: iso(at),
      channel: 'cli',
    };
    if (input.decision === 'approve') {
      this.move(this.nextAfterApproval('support'), at, actor, 'support approved', 'cli');
      this.emitApproved(at, { decidedBy: 'support', channel: 'cli' });
    } else {
      this.move('rejected', at, actor, 'support rejected', 'cli', input.reason);
      this.emit('rejected', at, { decidedBy: 'support', channel: 'cli' });
    }
  }

  get isDirect(): boolean {
    const route = this.prepared?.quote.route;
    return route === 'direct' || route === 'direct_then_support_review';
  }

  /** When a change for the period end takes effect. */
  get scheduledChangeAt(): string | undefined {
    return this.prepared?.quote.scheduledChangeAt;
  }

  /** Where an approved request goes: support review where routed (after the approver), its date, the apply. */
  private nextAfterApproval(by: 'approver' | 'support'): RequestState {
    const route = this.prepared?.quote.route;
    const reviewed = route === 'approval_then_support_review' || route === 'direct_then_support_review';
    if (by === 'approver' && reviewed) return 'pending_support_review';
    return this.scheduledChangeAt ? 'scheduled' : 'applying';
  }

  /** An approval, and (when it schedules the change) the schedule: two events of one transition. */
  private emitApproved(at: number, data: Record<string, unknown>): void {
    this.emit('approved', at, data);
    if (this.state === 'scheduled') this.emit('scheduled', at, { scheduledChangeAt: this.scheduledChangeAt });
  }

  cancel(input: CancelInput, at: number): void {
    this.validateCancel(input);
    const by = cancelledBy(input);
    this.move('cancelled', at, actorName(by), 'cancelled', input.channel, input.reason);
    this.emit('cancelled', at, {
      cancelledBy: 'member' in by ? by.member : 'support',
      channel: input.channel,
    });
  }

  expire(at: number): void {
    this.move('expired', at, 'system', 'expired', 'system');
    this.emit('expired', at);
  }

  /** The apply writes the `applied` event itself (it knows the invoice), with this sequence. */
  reserveAppliedSequence(): number {
    return this.nextSequence++;
  }

  /**
   * The apply did not commit (a version conflict, or it gave up): its `applied` event was never
   * written, so the next event takes its sequence, and the sequence has no gap a host app would
   * wait on.
   */
  releaseAppliedSequence(sequence: number): void {
    if (this.nextSequence === sequence + 1) this.nextSequence = sequence;
  }

  /** Recorded at the instant the store committed the change, as the apply stored it too. */
  markApplied(applied: AppliedRecord): void {
    this.applied = applied;
    this.enter('applied');
    this.timeline.push(appliedEntry(applied));
  }

  markFailed(message: string, at: number): void {
    this.error = { type: RequestErrorType.ApplyFailed, message };
    this.move('failed', at, 'system', 'apply failed', 'system', message);
    this.emit('failed', at, { error: { type: RequestErrorType.ApplyFailed } });
  }

  /** Hands over the events of the transitions since the last call, for the step that stores them. */
  takeEvents(): RequestEvent[] {
    return this.unpublished.splice(0);
  }

  paymentMethodAdded(): void {
    if (this.prepared) this.prepared = { ...this.prepared, paymentMethodOnFile: true };
  }

  /** Timeline-only events (emails sent, support told). */
  log(at: number, actor: string, action: string, channel: Channel, detail?: string): void {
    this.timeline.push({
      at: iso(at),
      actor,
      action,
      channel,
      state: this.state,
      ...(detail ? { detail } : {}),
    });
  }

  // --- rules (used by the Update validators, so they must not change state) ----------------------

  validateDecision(input: DecideInput, now: number): void {
    if (input.respondBy && now > Date.parse(input.respondBy)) {
      throw refusal(
        RequestErrorType.DecisionTooLate,
        'The decision arrived after its caller stopped waiting; it was not recorded',
      );
    }
    if (input.decision !== 'approve' && input.decision !== 'reject') {
      throw invalidDecision(
        'decision must be "approve" or "reject"',
        'decision',
        'must be "approve" or "reject"',
      );
    }
    if (input.decision === 'reject' && !input.reason?.trim()) {
      throw invalidDecision('A rejection needs a reason', 'reason', 'is required when rejecting');
    }
    // A delegate decides on an approver's behalf; the requester can be neither.
    if (input.approverId === this.input.requestedBy || input.onBehalfOf === this.input.requestedBy) {
      throw refusal(RequestErrorType.NotAnApprover, 'A requester cannot decide their own request');
    }
    const approver = input.onBehalfOf ?? input.approverId;
    const progress = this.progress;
    if (!progress?.isApproverNow(approver)) {
      throw refusal(RequestErrorType.NotAnApprover, `${approver} is not an approver of this request`);
    }
    if (
      input.link &&
      (input.link.round !== this.round ||
        (input.link.stage ?? 0) !== progress.stage ||
        this.usedNonces.has(input.link.nonce))
    ) {
      throw refusal(RequestErrorType.StaleLink, 'This link is no longer valid');
    }
    // One person, one approval per stage: a delegate who approved for someone (or for themselves)
    // does not approve again for another. The same approver clicking again changes nothing.
    if (input.decision === 'approve' && progress.isPending(approver) && progress.hasActed(input.approverId)) {
      throw refusal(
        RequestErrorType.NotAnApprover,
        `${input.approverId} has already approved in this stage; each person counts once`,
      );
    }
    if (this.state !== 'pending_approval') {
      throw refusal(RequestErrorType.NotOpen, `The request is ${this.state}, not pending approval`);
    }
  }

  /**
   * An approval of a price increase needs a payment method. The quote-time snapshot answers most
   * cases; when it says "none" the workflow checks the store again (the owner may have just added
   * one) before calling `refusePaymentMethod` or `paymentMethodAdded`.
   */
  needsPaymentMethodCheck(input: DecideInput): boolean {
    return (
      input.decision === 'approve' &&
      !!this.prepared?.quote.paymentMethodRequired &&
      !this.prepared.paymentMethodOnFile
    );
  }

  refusePaymentMethod(): Error {
    return refusal(
      RequestErrorType.PaymentMethodRequired,
      'This change raises the price: add a payment method to the account before approving it',
    );
  }

  validateSupportReview(input: SupportReviewInput): void {
    if (!input.reviewer?.trim()) {
      throw invalidDecision('A support review needs the reviewer', 'reviewer', 'is required');
    }
    if (input.decision === 'reject' && !input.reason?.trim()) {
      throw invalidDecision('A rejection needs a reason', 'reason', 'is required when rejecting');
    }
    if (this.state !== 'pending_support_review') {
      throw refusal(RequestErrorType.NotOpen, `The request is ${this.state}, not waiting for support review`);
    }
  }

  /**
   * The requester may withdraw their request and support may cancel it for the customer; a change
   * already scheduled may also be called off by any of its approvers.
   */
  validateCancel(input: CancelInput): void {
    const as = this.cancellerOf(cancelledBy(input));
    if (as === 'other' || (as === 'approver' && this.state !== 'scheduled')) {
      throw refusal(
        RequestErrorType.NotAnApprover,
        this.state === 'scheduled'
          ? 'Only the requester, an approver or support can cancel a scheduled change'
          : 'Only the requester can withdraw a request',
      );
    }
    if (!mayCancel(this.state, as)) {
      throw refusal(RequestErrorType.NotOpen, `The request is ${this.state} and can no longer be cancelled`);
    }
  }

  private cancellerOf(by: Actor): Canceller {
    if (!('member' in by)) return 'support';
    if (by.member === this.input.requestedBy) return 'requester';
    return this.progress?.everyApprover.some((a) => a.userId === by.member) ? 'approver' : 'other';
  }

  validateResend(): void {
    if (this.state !== 'pending_approval') {
      throw refusal(
        RequestErrorType.NotOpen,
        `The request is ${this.state}; only requests pending approval have emails to resend`,
      );
    }
  }

  private emit(kind: RequestEventKind, at: number, data?: Record<string, unknown>): void {
    const subject = { requestId: this.input.requestId, accountId: this.input.accountId, state: this.state };
    this.unpublished.push(requestEvent(kind, this.nextSequence++, iso(at), subject, data));
  }

  private move(
    next: RequestState,
    at: number,
    actor: string,
    action: string,
    channel: Channel,
    detail?: string,
  ): void {
    this.enter(next);
    this.log(at, actor, action, channel, detail);
  }

  private enter(next: RequestState): void {
    if (!allowedMoves[this.state].includes(next)) {
      throw new Error(`Illegal transition ${this.state} -> ${next}`);
    }
    this.state = next;
  }
}

/**
 * The timeline entry of the apply. The apply activity adds the same entry to the view it stores in
 * the apply's transaction, so the stored view and the workflow's agree.
 */
export function appliedEntry(applied: AppliedRecord): TimelineEntry {
  return {
    at: applied.appliedAt,
    actor: 'system',
    action: 'applied',
    channel: 'system',
    state: 'applied',
    detail: `invoice ${applied.invoiceId}`,
  };
}

function progressOf(prepared: PreparedRequest): ApprovalProgress {
  return prepared.plan
    ? new ApprovalProgress(prepared.plan)
    : ApprovalProgress.firstToDecide(prepared.approvers);
}

function invalidDecision(message: string, field: string, problem: string): Error {
  const problems: FieldProblem[] = [{ field, message: problem }];
  return refusal(RequestErrorType.InvalidDecision, message, problems);
}

/**
 * Who cancels. Support's cancellations accepted before `support` existed came through the CLI as
 * `userId: support:<name>`; their histories replay through the second branch.
 */
function cancelledBy(input: CancelInput): Actor {
  if ('support' in input) return { support: input.support };
  const legacySupport = input.channel === 'cli' ? /^support:(.+)$/.exec(input.userId) : null;
  return legacySupport ? { support: legacySupport[1]! } : { member: input.userId };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
