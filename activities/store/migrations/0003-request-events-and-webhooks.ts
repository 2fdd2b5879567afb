import type { Kysely } from 'kysely';

// The outbox of request events (docs/events.md): written in the transaction of the change they
// report, delivered later by the webhook dispatcher.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('request_events_sequence', ['request_id', 'sequence'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('request_events').ifExists().execute();
}
