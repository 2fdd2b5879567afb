// The states of a change request and the moves between them: the one table every layer reads (the
// workflow moves by it, the API and the CLI list by it). No imports, so anything may import it.

export type RequestState =
  /** Transient: being loaded, validated and quoted. Not listed, no search attribute yet. */
  | 'preparing'
  /** Terminal: the submission was refused (unknown account, role, invalid change). Not listed. */
  | 'invalid'
  | 'pending_approval'
  | 'pending_support_review'
  /** Approved, and waiting for its `scheduledChangeAt` (a change for the period end). Open. */
  | 'scheduled'
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
  'scheduled',
  'applying',
];

/** The states a listed request can be in: requests still preparing, and refused ones, are never listed. */
export const listedStates = [
  'pending_approval',
  'pending_support_review',
  'scheduled',
  'applying',
  'applied',
  'rejected',
  'cancelled',
  'expired',
  'failed',
] as const satisfies readonly RequestState[];

export type ListedState = (typeof listedStates)[number];

/** Every legal move; anything else is a bug in the workflow, not bad input. */
export const allowedMoves: Readonly<Record<RequestState, readonly RequestState[]>> = {
  preparing: ['pending_approval', 'invalid'],
  pending_approval: [
    'pending_approval',
    'pending_support_review',
    'scheduled',
    'applying',
    'rejected',
    'cancelled',
    'expired',
  ],
  pending_support_review: ['scheduled', 'applying', 'rejected', 'cancelled', 'expired'],
  scheduled: ['applying', 'cancelled'],
  applying: ['applied', 'failed', 'pending_approval'],
  applied: [],
  rejected: [],
  cancelled: [],
  expired: [],
  failed: [],
  invalid: [],
};

export function isOpenState(state: RequestState): boolean {
  return openStates.includes(state);
}

export function isListedState(value: unknown): value is ListedState {
  return listedStates.some((state) => state === value);
}

export function isRequestState(value: unknown): value is RequestState {
  return typeof value === 'string' && Object.hasOwn(allowedMoves, value);
}

/** Who asks to cancel a request, as far as the rule below cares. */
export type Canceller = 'requester' | 'approver' | 'support' | 'other';

/**
 * Who may cancel a request in this state: the requester (withdrawing it) and support while it waits
 * for approval, support review or its date; an approver only once it is scheduled (calling off the
 * change before its date). The workflow's validator and the status page both ask this.
 */
export function mayCancel(state: RequestState, as: Canceller): boolean {
  const waiting = state === 'pending_approval' || state === 'pending_support_review' || state === 'scheduled';
  if (as === 'requester' || as === 'support') return waiting;
  return as === 'approver' && state === 'scheduled';
}

/** Who a member is to a request, as a status view shows it: for pages that offer the cancel form. */
export function cancellerIn(
  view: { requestedBy: { userId: string }; approvers: ReadonlyArray<{ userId: string }> },
  userId: string,
): Canceller {
  if (userId === view.requestedBy.userId) return 'requester';
  return view.approvers.some((a) => a.userId === userId) ? 'approver' : 'other';
}
