// The account of the policy tests: the demo account `acme` plus a finance lead (fiona, an agent:
// she neither asks nor approves in the first stage) and a second admin (alex).
import type { Member, Role } from '../../activities/store/types.js';

function member(userId: string, role: Role): Member {
  return { userId, role, accountId: 'acme', name: userId, email: `${userId}@acme.example`, locale: 'en' };
}

/** In the store's order (by user id). */
export const members: Member[] = [
  member('adam', 'admin'),
  member('agnes', 'agent'),
  member('alex', 'admin'),
  member('bill', 'billing_admin'),
  member('fiona', 'agent'),
  member('olivia', 'owner'),
];
