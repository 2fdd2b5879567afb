// The state of one change request and the rules for moving it on. Pure: no Temporal calls, so it is
// unit-tested on its own; the workflow feeds it events and asks it questions.
import { ApplicationFailure } from '@temporalio/workflow';
import type { Quote } from '../activities/pricing/types.js';
import { RequestErrorType, type FieldProblem } from './request-errors.js';
import type {
  AppliedRecord,
  CancelInput,
  Channel,
  DecideInput,
  DecisionRecord,
  PersonView,
  RequestStatusView,
  SubmitRequestInput,
  SupportReviewInput,
  TimelineEntry,
} from './messages.js';
import type { RequestPolicy } from './request-policy.js';

export type RequestState =
  /** Transient: being loaded, validated and quoted. Not listed, no search attribute yet. */
  | 'preparing'
  /** Terminal: the submission was refused (unknown account, role, invalid change). Not listed. */
  | 'invalid'
  | 'pending_approval'
  | 'pending_support_review'
  | 'applying'
  | 'applied'
  | 'rejected'
  | 'cancelled'
  | 'expired'
  | 'failed';

export const openStates: readonly RequestState[] = [
  'preparing',
  'pending_approval',
  'pending_support_review',
  'applying',
];

/** The states a listed request can be in: requests still preparing, and refused ones, are never listed. */
export const listedStates = [
  'pending_approval',
  'pending_support_review',
  'applying',
  'applied',
  'rejected',
  'cancelled',
  'expired',
  'failed',
] as const satisfies readonly RequestState[];

const allowedMoves: Record<RequestState, readonly RequestState[]> = {
  preparing: ['pending_approval', 'invalid'],
  pending_approval: [
    'pending_approval',
    'pending_support_review',
    'applying',
    'rejected',
    'cancelled',
    'expired',
  ],
  pending_support_review: ['applying', 'rejected', 'cancelled', 'expired'],
  applying: ['applied', 'failed', 'pending_approval'],
  applied: [],
  rejected: [],
  cancelled: [],
  expired: [],
  failed: [],
  invalid: [],
};

/** What the prepare step found out; the workflow hands it to `prepared` and `requoted`. */
export interface PreparedRequest {
  requester: PersonView;
  approvers: PersonView[];
  quote: Quote;
  /** False when the account has no payment method on file at the time of the quote. */
  paymentMethodOnFile: boolean;
}

function refuse(type: string, message: string, problems?: FieldProblem[]): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: problems ? [{ problems }] : [],
  });
}

export class ChangeRequest {
  state: RequestState = 'preparing';
  round = 0;
  roundStartedAt: number;
  remindersSent = 0;
  /** How often support asked for the approval emails to be sent again. */
  resends = 0;
  prepared?: PreparedRequest;
  decision?: DecisionRecord;
  supportReview?: DecisionRecord;
  applied?: AppliedRecord;
  error?: RequestStatusView['error'];
  readonly timeline: TimelineEntry[] = [];
  private readonly usedNonces = new Set<string>();

  constructor(
    readonly input: SubmitRequestInput,
    readonly policy: RequestPolicy,
    readonly submittedAt: number,
  ) {
    this.roundStartedAt = submittedAt;
    this.log(submittedAt, input.requestedBy, 'submitted', input.channel, input.note);
  }

  get requestId(): string {
    return this.input.requestId;
  }

  get isOpen(): boolean {
    return openStates.includes(this.state);
  }

  get expiresAt(): number {
    return this.roundStartedAt + this.policy.expireAfterMs;
  }

  /** When the next reminder is due, or undefined when all were sent. */
  get nextReminderAt(): number | undefined {
    const delay = this.policy.remindAfterMs[this.remindersSent];
    return delay === undefined ? undefined : this.roundStartedAt + delay;
  }

  // --- transitions -------------------------------------------------------------------------------

  markPrepared(prepared: PreparedRequest, at: number): void {
    this.prepared = prepared;
    this.round = 1;
    this.roundStartedAt = at;
    this.move('pending_approval', at, 'system', 'quoted', 'system', prepared.quote.summary.join('; '));
  }

  markInvalid(error: NonNullable<RequestStatusView['error']>, at: number): void {
    this.error = error;
    this.move('invalid', at, 'system', 'refused', 'system', error.message);
  }

  /** The subscription moved on since the quote: a new quote and a new round of links. */
  markRequoted(prepared: PreparedRequest, at: number): void {
    this.prepared = prepared;
    this.round += 1;
    this.roundStartedAt = at;
    this.remindersSent = 0;
    this.decision = undefined;
    this.supportReview = undefined;
    this.move('pending_approval', at, 'system', 'requoted', 'system', prepared.quote.summary.join('; '));
  }

  markReminded(at: number): void {
    this.remindersSent += 1;
    this.log(at, 'system', `reminder ${this.remindersSent} sent`, 'system');
  }

  decide(input: DecideInput, at: number): void {
    this.validateDecision(input);
    if (input.link) this.usedNonces.add(input.link.nonce);
    this.decision = {
      by: input.approverId,
      decision: input.decision,
      reason: input.reason?.trim(),
      at: iso(at),
      channel: input.channel,
    };
    const action = input.decision === 'approve' ? 'approved' : 'rejected';
    if (input.decision === 'reject') {
      this.move('rejected', at, input.approverId, action, input.channel, input.reason);
    } else if (this.prepared?.quote.route === 'approval_then_support_review') {
      this.move('pending_support_review', at, input.approverId, action, input.channel);
    } else {
      this.move('applying', at, input.approverId, action, input.channel);
    }
  }

  review(input: SupportReviewInput, at: number): void {
    this.validateSupportReview(input);
    const actor = `support:${input.reviewer.trim()}`;
    this.supportReview = {
      by: actor,
      decision: input.decision,
      reason: input.reason?.trim(),
      at: iso(at),
      channel: 'cli',
    };
    if (input.decision === 'approve') this.move('applying', at, actor, 'support approved', 'cli');
    else this.move('rejected', at, actor, 'support rejected', 'cli', input.reason);
  }

  cancel(input: CancelInput, at: number): void {
    this.validateCancel(input);
    this.move('cancelled', at, input.userId, 'cancelled', input.channel, input.reason);
  }

  expire(at: number): void {
    this.move('expired', at, 'system', 'expired', 'system');
  }

  markApplied(applied: AppliedRecord, at: number): void {
    this.applied = applied;
    this.move('applied', at, 'system', 'applied', 'system', `invoice ${applied.invoiceId}`);
  }

  markFailed(message: string, at: number): void {
    this.error = { type: 'APPLY_FAILED', message };
    this.move('failed', at, 'system', 'apply failed', 'system', message);
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

  validateDecision(input: DecideInput): void {
    if (input.respondBy && Date.now() > Date.parse(input.respondBy)) {
      throw refuse(
        RequestErrorType.DecisionTooLate,
        'The decision arrived after its caller stopped waiting; it was not recorded',
      );
    }
    if (input.decision !== 'approve' && input.decision !== 'reject') {
      throw refuse(RequestErrorType.InvalidDecision, 'decision must be "approve" or "reject"', [
        { field: 'decision', message: 'must be "approve" or "reject"' },
      ]);
    }
    if (input.decision === 'reject' && !input.reason?.trim()) {
      throw refuse(RequestErrorType.InvalidDecision, 'A rejection needs a reason', [
        { field: 'reason', message: 'is required when rejecting' },
      ]);
    }
    if (input.approverId === this.input.requestedBy) {
      throw refuse(RequestErrorType.NotAnApprover, 'A requester cannot decide their own request');
    }
    if (!this.prepared?.approvers.some((a) => a.userId === input.approverId)) {
      throw refuse(RequestErrorType.NotAnApprover, `${input.approverId} is not an approver of this request`);
    }
    if (input.link && (input.link.round !== this.round || this.usedNonces.has(input.link.nonce))) {
      throw refuse(RequestErrorType.StaleLink, 'This link is no longer valid');
    }
    if (this.state !== 'pending_approval') {
      throw refuse(RequestErrorType.NotOpen, `The request is ${this.state}, not pending approval`);
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

  refusePaymentMethod(): ApplicationFailure {
    return refuse(
      RequestErrorType.PaymentMethodRequired,
      'This change raises the price: add a payment method to the account before approving it',
    );
  }

  validateSupportReview(input: SupportReviewInput): void {
    if (!input.reviewer?.trim()) {
      throw refuse(RequestErrorType.InvalidDecision, 'A support review needs the reviewer', [
        { field: 'reviewer', message: 'is required' },
      ]);
    }
    if (input.decision === 'reject' && !input.reason?.trim()) {
      throw refuse(RequestErrorType.InvalidDecision, 'A rejection needs a reason', [
        { field: 'reason', message: 'is required when rejecting' },
      ]);
    }
    if (this.state !== 'pending_support_review') {
      throw refuse(RequestErrorType.NotOpen, `The request is ${this.state}, not waiting for support review`);
    }
  }

  validateCancel(input: CancelInput): void {
    const bySupport = input.channel === 'cli';
    if (!bySupport && input.userId !== this.input.requestedBy) {
      throw refuse(RequestErrorType.NotAnApprover, 'Only the requester can withdraw a request');
    }
    if (this.state !== 'pending_approval' && this.state !== 'pending_support_review') {
      throw refuse(RequestErrorType.NotOpen, `The request is ${this.state} and can no longer be cancelled`);
    }
  }

  paymentMethodAdded(): void {
    if (this.prepared) this.prepared = { ...this.prepared, paymentMethodOnFile: true };
  }

  view(): RequestStatusView {
    const p = this.prepared;
    return {
      requestId: this.input.requestId,
      accountId: this.input.accountId,
      state: this.state,
      open: this.isOpen,
      requestedBy: p?.requester ?? { userId: this.input.requestedBy },
      changes: this.input.changes,
      ...(this.input.note ? { note: this.input.note } : {}),
      submittedAt: iso(this.submittedAt),
      round: this.round,
      ...(p ? { route: p.quote.route, quote: p.quote, expiresAt: iso(this.expiresAt) } : {}),
      approvers: p?.approvers ?? [],
      ...(this.decision ? { decision: this.decision } : {}),
      ...(this.supportReview ? { supportReview: this.supportReview } : {}),
      ...(this.applied ? { applied: this.applied } : {}),
      ...(this.error ? { error: this.error } : {}),
      timeline: [...this.timeline],
    };
  }

  private move(
    next: RequestState,
    at: number,
    actor: string,
    action: string,
    channel: Channel,
    detail?: string,
  ): void {
    if (!allowedMoves[this.state].includes(next)) {
      throw new Error(`Illegal transition ${this.state} -> ${next}`);
    }
    this.state = next;
    this.log(at, actor, action, channel, detail);
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
