// Everything that crosses the boundary of the `subscriptionChangeRequest` workflow: its input, the
// Updates and Query, and the views they return. Clients import these definitions; keeping them next
// to the workflow means a message and its handler change together.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChangeSet, Locale, Quote, Route } from '../activities/pricing/types.js';
import type { Role } from '../activities/store/types.js';
import type { FieldProblem } from './request-errors.js';
import type { RequestPolicy } from './request-policy.js';
import type { RequestState } from './request-state.js';

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
}

export interface PersonView {
  userId: string;
  name: string;
  role: Role;
}

export interface SubmissionAccepted {
  requestId: string;
  status: RequestState;
  quote: Quote;
  approvers: PersonView[];
}

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
  expiresAt?: string;
  decision?: DecisionRecord;
  supportReview?: DecisionRecord;
  applied?: AppliedRecord;
  error?: { type: string; message: string; problems?: FieldProblem[] };
  timeline: TimelineEntry[];
}

/** A decision made through an email link carries the link's round and nonce. */
export interface LinkProof {
  round: number;
  nonce: string;
}

export interface DecideInput {
  approverId: string;
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

export interface CancelInput {
  userId: string;
  reason?: string;
  channel: Channel;
}

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
