// Everything that crosses the boundary of the `subscriptionChangeRequest` workflow: its input, the
// Updates and Query, and the views they return. Clients import these definitions; keeping them next
// to the workflow means a message and its handler change together.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChangeKind, ChangeSet, Locale, Quote, Route } from '../activities/pricing/types.js';
import type { ApprovalMode } from '../activities/store/policy-types.js';
import type { Role } from '../activities/store/role.js';
import type { FieldProblem } from './request-errors.js';
import type { RequestPolicy } from './request-policy.js';
import type { RequestState } from './request-states.js';

export type Channel = 'api' | 'email_link' | 'cli' | 'system';

export interface SubmitRequestInput {
  requestId: string;
  accountId: string;
  requestedBy: string;
  /** As the caller sent it: the prepare step validates it against the catalog. */
  changes: ChangeSet;
  note?: string;
  locale?: Locale;
  channel: Channel;
  policy?: Partial<RequestPolicy>;
  /**
   * The ChangeKind search attribute the client set at start, from its own quote of the change (so
   * a pending request can be found by kind without a billed upsert). The workflow corrects it when
   * its quote differs. Absent in requests started before the client set it.
   */
  indexedChangeKinds?: ChangeKind[];
}

export interface PersonView {
  userId: string;
  name: string;
  role: Role;
}

/** The answer to a submission. `status` is the request's state (the HTTP contract's name for it). */
export interface SubmissionAccepted {
  requestId: string;
  status: RequestState;
  quote: Quote;
  approvers: PersonView[];
}

/** The status view's `approvals` entry of one stage. */
export interface ApprovalStageView {
  stage: string;
  mode: ApprovalMode;
  needed: number;
  /** Approvers whose approval counts in this stage (an on-behalf approval lists the approver). */
  approvedBy: string[];
  /** Approvers of this stage who have not decided (for a later stage: everyone it will ask)... */
  pending: string[];
  /**
   * ...and which stage the request waits in (`current`); `closed`: a stage left unfinished because
   * the request was rejected, cancelled or expired.
   */
  status: 'done' | 'current' | 'later' | 'closed';
}

/** Who acts on a request: a member of the account, or support staff (who are not members). */
export type Actor = { member: string } | { support: string };

export interface TimelineEntry {
  at: string;
  /** A member's user id, `support:<name>` for support staff, or `system`. */
  actor: string;
  action: string;
  channel: Channel;
  /** The state after this entry. */
  state: RequestState;
  detail?: string;
}

export interface DecisionRecord {
  by: string;
  decision: 'approve' | 'reject';
  reason?: string;
  at: string;
  channel: Channel;
  /** A direct change: the requester decided by this role (owner, billing admin), asking nobody. */
  byRole?: Role;
  /** A delegate's decision: the approver it was made for. */
  onBehalfOf?: string;
}

export interface AppliedRecord {
  invoiceId: string;
  totalMinor: number;
  currency: string;
  appliedAt: string;
  subscriptionVersion: number;
}

export interface RequestStatusView {
  requestId: string;
  accountId: string;
  state: RequestState;
  open: boolean;
  requestedBy: PersonView | { userId: string };
  changes: ChangeSet;
  note?: string;
  submittedAt: string;
  /** Increments each time the request is re-quoted; links carry it. */
  round: number;
  route?: Route;
  quote?: Quote;
  approvers: PersonView[];
  /**
   * Under an approval policy: per stage, who approved, who is still asked and how many approvals
   * are needed. The request waits in the stage whose status is `current`.
   */
  approvals?: ApprovalStageView[];
  /** Told of each step; they cannot decide. */
  watchers?: PersonView[];
  expiresAt?: string;
  /** A change for the period end: when it takes effect. */
  scheduledChangeAt?: string;
  decision?: DecisionRecord;
  supportReview?: DecisionRecord;
  applied?: AppliedRecord;
  error?: { type: string; message: string; problems?: FieldProblem[] };
  timeline: TimelineEntry[];
  /**
   * When the store recorded this view, on reads served from the store's read model (they need no
   * worker); absent on live answers (the result of an Update, a status Query).
   */
  asOf?: string;
}

/** A decision made through an email link carries the link's round, stage and nonce. */
export interface LinkProof {
  round: number;
  nonce: string;
  /** The approval stage the link was sent for (links of earlier stages stop working); default 0. */
  stage?: number;
}

export interface DecideInput {
  /** Who decides: an approver, or a delegate deciding `onBehalfOf` one. */
  approverId: string;
  /** The approver a delegate decides for (a delegation in force, checked by the caller). */
  onBehalfOf?: string;
  decision: 'approve' | 'reject';
  reason?: string;
  channel: Channel;
  link?: LinkProof;
  /**
   * When the caller stops waiting (ISO 8601). A decision that reaches the workflow later (say, a
   * worker came back after the web page had already said "not recorded") is refused, so that what
   * the caller was told stays true.
   */
  respondBy?: string;
}

/**
 * A member (`userId`) or support staff (`support`, their name) cancels. Whether they may is decided
 * by who they are (the requester, or support), never by the channel the call came through.
 */
export type CancelInput = { reason?: string; channel: Channel } & ({ userId: string } | { support: string });

export interface SupportReviewInput {
  /** Support staff are not account members: any non-empty name, recorded as `support:<name>`. */
  reviewer: string;
  decision: 'approve' | 'reject';
  reason?: string;
}

export interface ResendEmailsInput {
  by: string;
  channel: Channel;
}

/** Sent with Update-With-Start: resolves once the request is prepared, or fails with its reason. */
export const submitUpdate = defineUpdate<SubmissionAccepted>('submit');
export const decideUpdate = defineUpdate<RequestStatusView, [DecideInput]>('decide');
export const cancelUpdate = defineUpdate<RequestStatusView, [CancelInput]>('cancel');
export const supportReviewUpdate = defineUpdate<RequestStatusView, [SupportReviewInput]>('supportReview');
export const resendEmailsUpdate = defineUpdate<RequestStatusView, [ResendEmailsInput]>('resendEmails');
export const statusQuery = defineQuery<RequestStatusView>('status');

/** The timeline's name for an actor. */
export function actorName(actor: Actor): string {
  return 'member' in actor ? actor.member : `support:${actor.support}`;
}
