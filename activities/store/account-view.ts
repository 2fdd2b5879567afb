// The account as a host app sees it: the current subscription and who may approve changes to it
// (GET /api/v1/accounts/{id}/subscription). A read of the store, not of any request.
import type { PersonView } from '../../workflows/messages.js';
import { approversAmong } from './roles.js';
import type { AccountSnapshot, Subscription } from './types.js';

export interface AccountSubscriptionView extends Subscription {
  /** Every subscription of the account, oldest (primary) first. */
  subscriptions: Subscription[];
  /** The primary subscription again, for callers that prefer it nested. */
  subscription: Subscription;
  /** Members who may approve a change request (owner, billing admins). */
  approvers: PersonView[];
  paymentMethodOnFile: boolean;
}

/** The view, or undefined when the account has no subscription. */
export function accountSubscriptionView(snapshot: AccountSnapshot): AccountSubscriptionView | undefined {
  const primary = snapshot.subscriptions[0];
  if (!primary) return undefined;
  return {
    ...primary,
    subscription: primary,
    subscriptions: snapshot.subscriptions,
    approvers: approversAmong(snapshot.members).map((m) => ({
      userId: m.userId,
      name: m.name,
      role: m.role,
    })),
    paymentMethodOnFile: snapshot.account.paymentMethod.onFile,
  };
}
