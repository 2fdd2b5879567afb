// The SQL of approval policies and delegations, apart from KyselyBillingStore (which calls each
// function in one line). Callers validate (activities/approval-policy.ts, delegation.ts); the
// tables' constraints hold the rest (migrations/0004-approval-policies.ts).
import type { Kysely, Selectable } from 'kysely';
import type { ApprovalPolicy, Delegation } from './policy-types.js';
import type { BillingDatabase, DelegationsTable } from './schema.js';
import { iso, json } from './rows.js';

type Db = Kysely<BillingDatabase>;

export function toDelegation(row: Selectable<DelegationsTable>): Delegation {
  return {
    accountId: row.account_id,
    userId: row.user_id,
    delegateTo: row.delegate_to,
    from: iso(row.from),
    until: iso(row.until),
  };
}

/** The account's stored policy, or null when it uses the deployment's default. */
export async function getApprovalPolicy(db: Db, accountId: string): Promise<ApprovalPolicy | null> {
  const row = await db
    .selectFrom('approval_policies')
    .select('policy')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row ? json<ApprovalPolicy>(row.policy) : null;
}

/** Stores (or replaces) the account's policy. Requests already submitted keep theirs. */
export async function setApprovalPolicy(db: Db, accountId: string, policy: ApprovalPolicy): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('approval_policies')
    .values({ account_id: accountId, policy: JSON.stringify(policy), updated_at: now })
    .onConflict((c) =>
      c.column('account_id').doUpdateSet({ policy: JSON.stringify(policy), updated_at: now }),
    )
    .execute();
}

/** Every stored delegation of the account (past, running and future), by approver. */
export async function listDelegations(db: Db, accountId: string): Promise<Delegation[]> {
  const rows = await db
    .selectFrom('delegations')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('user_id')
    .execute();
  return rows.map(toDelegation);
}

/** One delegation per approver: a new one replaces the approver's previous one. */
export async function setDelegation(db: Db, delegation: Delegation): Promise<Delegation> {
  const window = {
    delegate_to: delegation.delegateTo,
    from: delegation.from,
    until: delegation.until,
    created_at: new Date().toISOString(),
  };
  const row = await db
    .insertInto('delegations')
    .values({ account_id: delegation.accountId, user_id: delegation.userId, ...window })
    .onConflict((c) => c.columns(['account_id', 'user_id']).doUpdateSet(window))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDelegation(row);
}

/** Removes the approver's delegation; returns it, or null when there was none. */
export async function endDelegation(db: Db, accountId: string, userId: string): Promise<Delegation | null> {
  const row = await db
    .deleteFrom('delegations')
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
  return row ? toDelegation(row) : null;
}
