import { sql, type Kysely } from 'kysely';

// Approval policies and delegations (docs/workflow.md, "Approval policies" and "Delegation").
// Depends on 0001 only, so it applies whatever 0002 and 0003 do and in whichever order they land.
// The constraints keep what the API checks true whoever writes: one policy per account, one
// delegation per approver at a time, both people members of the account, never oneself, a window
// that ends after it starts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_policies')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('policy', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('delegations')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('delegate_to', 'text', (c) => c.notNull())
    .addColumn('from', 'timestamptz', (c) => c.notNull())
    .addColumn('until', 'timestamptz', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('delegations_pk', ['account_id', 'user_id'])
    .addForeignKeyConstraint(
      'delegations_approver',
      ['account_id', 'user_id'],
      'members',
      ['account_id', 'user_id'],
      (c) => c.onDelete('cascade'),
    )
    .addForeignKeyConstraint(
      'delegations_delegate',
      ['account_id', 'delegate_to'],
      'members',
      ['account_id', 'user_id'],
      (c) => c.onDelete('cascade'),
    )
    .addCheckConstraint('delegations_not_oneself', sql`user_id <> delegate_to`)
    .addCheckConstraint('delegations_window', sql`"until" > "from"`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('delegations').ifExists().execute();
  await db.schema.dropTable('approval_policies').ifExists().execute();
}
