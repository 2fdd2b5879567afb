// What an account sets about its approvals, for the API (client/http/routes/approval-policy.ts) and
// the CLI (`plangate policy`, `plangate delegation`) alike: read and store the approval policy,
// start and end delegations. The rules are in activities/approval-policy.ts and delegation.ts;
// this layer loads the account, turns refusals into PlangateErrors, and sends fresh links when a
// delegation ends while a request waits.
import { checkApprovalPolicy, inSchemaOrder } from '../activities/approval-policy.js';
import { activeDelegate, checkDelegation, isActive } from '../activities/delegation.js';
import type { ApprovalPolicy, Delegation } from '../activities/store/policy-types.js';
import type { AccountSnapshot, BillingStore } from '../activities/store/types.js';
import type { Channel } from '../workflows/messages.js';
import type { PlangateClient } from './plangate-client.js';
import { PlangateError } from './plangate-error.js';

export type ApprovalSettingsStore = Pick<
  BillingStore,
  'loadAccount' | 'setApprovalPolicy' | 'listDelegations' | 'setDelegation' | 'endDelegation'
>;

/** The policy in force, and where it comes from: the account's own, or the deployment's default. */
export type ApprovalPolicyView = ApprovalPolicy & { source: 'account' | 'default' };

async function loadAccount(
  store: Pick<BillingStore, 'loadAccount'>,
  accountId: string,
): Promise<AccountSnapshot> {
  const snapshot = await store.loadAccount(accountId);
  if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
  return snapshot;
}

/**
 * A decision on an approver's behalf needs their delegation to the caller in force now (the store's
 * word, not the link's or the caller's): the API checks it before the decision, the approval pages
 * before a delegate's link is shown or used, so a link sent during a delegation dies with it.
 */
export async function assertDelegationInForce(
  store: Pick<BillingStore, 'loadAccount'>,
  accountId: string,
  delegate: string,
  approver: string,
  now = new Date(),
): Promise<void> {
  const snapshot = await loadAccount(store, accountId);
  if (activeDelegate(snapshot.delegations, approver, now) !== delegate) {
    throw new PlangateError('NOT_AN_APPROVER', `${delegate} has no delegation from ${approver} in force`);
  }
}

function policyView(snapshot: AccountSnapshot, defaultPolicy: ApprovalPolicy): ApprovalPolicyView {
  // jsonb keeps keys in an order of its own; answer them in the order of the API's schema.
  return snapshot.approvalPolicy
    ? { ...inSchemaOrder(snapshot.approvalPolicy), source: 'account' }
    : { ...defaultPolicy, source: 'default' };
}

function memberOf(snapshot: AccountSnapshot, userId: string) {
  const member = snapshot.members.find((m) => m.userId === userId);
  if (!member)
    throw new PlangateError(
      'MEMBER_NOT_FOUND',
      `${userId} is not a member of account ${snapshot.account.accountId}`,
    );
  return member;
}

export async function readApprovalPolicy(
  store: Pick<BillingStore, 'loadAccount'>,
  accountId: string,
  defaultPolicy: ApprovalPolicy,
): Promise<ApprovalPolicyView> {
  return policyView(await loadAccount(store, accountId), defaultPolicy);
}

/** Validates `raw` against the account's members and stores it; requests already waiting keep theirs. */
export async function writeApprovalPolicy(
  store: ApprovalSettingsStore,
  accountId: string,
  raw: unknown,
): Promise<ApprovalPolicyView> {
  const snapshot = await loadAccount(store, accountId);
  const check = checkApprovalPolicy(raw, snapshot.members);
  if (!check.ok)
    throw new PlangateError('INVALID_APPROVAL_POLICY', 'The approval policy is not valid', {
      problems: check.problems,
    });
  await store.setApprovalPolicy(accountId, check.policy);
  return { ...check.policy, source: 'account' };
}

export async function readDelegations(
  store: ApprovalSettingsStore,
  accountId: string,
): Promise<Delegation[]> {
  return (await loadAccount(store, accountId)).delegations;
}

/** Validates and stores `userId`'s delegation (replacing any earlier one). */
export async function writeDelegation(
  store: ApprovalSettingsStore,
  accountId: string,
  userId: string,
  raw: unknown,
  defaultPolicy: ApprovalPolicy,
  now = new Date(),
): Promise<Delegation> {
  const snapshot = await loadAccount(store, accountId);
  memberOf(snapshot, userId);
  const check = checkDelegation(raw, {
    accountId,
    userId,
    members: snapshot.members,
    policy: snapshot.approvalPolicy ?? defaultPolicy,
    now,
  });
  if (!check.ok)
    throw new PlangateError('INVALID_DELEGATION', 'The delegation is not valid', {
      problems: check.problems,
    });
  return store.setDelegation(check.delegation);
}

export interface EndedDelegation {
  /** The delegation that ended, or null when the member had none. */
  ended: Delegation | null;
  /** The waiting request whose approval emails were sent again, if any. */
  resentRequestId?: string;
}

/**
 * Ends `userId`'s delegation. When it was running and the account has a request waiting for
 * approval, the approval emails go out again so the approver has fresh links of their own (the
 * workflow addresses them now that the delegation is over).
 */
export async function endDelegation(
  store: ApprovalSettingsStore,
  links: Pick<PlangateClient, 'openRequestId' | 'resendEmails'>,
  accountId: string,
  userId: string,
  channel: Channel,
  now = new Date(),
): Promise<EndedDelegation> {
  memberOf(await loadAccount(store, accountId), userId);
  const ended = await store.endDelegation(accountId, userId);
  if (!ended || !isActive(ended, now)) return { ended };
  const requestId = await links.openRequestId(accountId);
  if (!requestId) return { ended };
  try {
    await links.resendEmails(accountId, requestId, { by: 'system', channel });
    return { ended, resentRequestId: requestId };
  } catch (error) {
    // Not waiting for approval (support review, scheduled, just closed): no links to renew.
    const notWaiting = ['REQUEST_NOT_OPEN', 'REQUEST_NOT_FOUND'];
    if (!(error instanceof PlangateError)) throw error;
    if (notWaiting.includes(error.code)) return { ended };
    // Ended all the same (a retry finds nothing to end): say what is left to do, with the cause's code.
    throw new PlangateError(
      error.code,
      `The delegation ended, but the approval emails of ${requestId} could not be sent again (${error.message}); ` +
        'send them with `plangate emails resend`',
    );
  }
}
