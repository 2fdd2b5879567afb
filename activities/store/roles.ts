// Who may do what in an account, from the seeds: only the owner and billing admins approve (and
// change the subscription themselves); admins without billing rights ask; agents do neither.
import type { Member, Role } from './types.js';

const approverRoles: ReadonlySet<Role> = new Set(['owner', 'billing_admin']);

export function mayApprove(role: Role): boolean {
  return approverRoles.has(role);
}

/** The members who may approve a change, in the store's order. */
export function approversAmong(members: readonly Member[]): Member[] {
  return members.filter((m) => mayApprove(m.role));
}
