// What every reader of a request sees: the status view returned by the Query and each Update, and
// handed to the activities that write emails. Built from the request's state, never stored apart.
import type { AppliedRecord, RequestStatusView } from './messages.js';
import { appliedEntry, iso, type ChangeRequest } from './request-state.js';

export function statusView(request: ChangeRequest): RequestStatusView {
  const { input, prepared: p } = request;
  return {
    requestId: input.requestId,
    accountId: input.accountId,
    state: request.state,
    open: request.isOpen,
    requestedBy: p?.requester ?? { userId: input.requestedBy },
    changes: input.changes,
    ...(input.note ? { note: input.note } : {}),
    submittedAt: iso(request.submittedAt),
    round: request.round,
    ...(p ? { route: p.quote.route, quote: p.quote, expiresAt: iso(request.expiresAt) } : {}),
    ...(request.scheduledChangeAt ? { scheduledChangeAt: request.scheduledChangeAt } : {}),
    approvers: p?.approvers ?? [],
    ...(p?.plan && request.progress
      ? { approvals: request.progress.view(request.state === 'pending_approval') }
      : {}),
    ...(request.watchers.length > 0 ? { watchers: request.watchers } : {}),
    ...(request.decision ? { decision: request.decision } : {}),
    ...(request.supportReview ? { supportReview: request.supportReview } : {}),
    ...(request.applied ? { applied: request.applied } : {}),
    ...(request.error ? { error: request.error } : {}),
    timeline: [...request.timeline],
  };
}

/** The view after the apply committed: what the apply stores in its own transaction. */
export function appliedView(before: RequestStatusView, applied: AppliedRecord): RequestStatusView {
  return {
    ...before,
    state: 'applied',
    open: false,
    applied,
    timeline: [...before.timeline, appliedEntry(applied)],
  };
}
