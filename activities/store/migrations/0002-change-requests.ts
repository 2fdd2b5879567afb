import { sql, type Kysely } from 'kysely';

// The read model of change requests: the status view the workflow last announced, so that every
// read (API, pages, CLI, the submit path's look at the open request) is answered by the store,
// without a Temporal Query, and works while no worker runs. `revision` (the timeline's length) only
// moves forward, so a late retry of an older announcement never overwrites a newer one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('change_requests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('open', 'boolean', (c) => c.notNull())
    .addColumn('change_kinds', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('workflow_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('view', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('change_requests_account')
    .on('change_requests')
    .columns(['account_id', 'submitted_at'])
    .execute();
  await db.schema
    .createIndex('change_requests_state')
    .on('change_requests')
    .columns(['state', 'submitted_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_requests').ifExists().execute();
}
