import { sql, type Kysely } from 'kysely';

// The events of each request (the outbox the workflow writes in the same transaction as each
// transition), the host apps' webhook endpoints, and one delivery row per (endpoint, event): the
// durable state of the webhook dispatcher, so every process may die at any moment and nothing is lost.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('request_events')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull().check(sql`sequence >= 1`))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // The whole RequestEvent, exactly what a host app receives.
    .addColumn('body', 'jsonb', (c) => c.notNull())
    .addUniqueConstraint('request_events_request_sequence', ['request_id', 'sequence'])
    .execute();
  await db.schema
    .createIndex('request_events_account')
    .on('request_events')
    .columns(['account_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('endpoint_id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    // A JSON array of event types; null: every type, including types added later.
    .addColumn('events', 'jsonb')
    .addColumn('description', 'text')
    // `whsec_<base64>`; HMAC needs the key itself, so it cannot be stored as a hash.
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('previous_secret', 'text')
    .addColumn('previous_secret_expires_at', 'timestamptz')
    .addColumn('secret_rotated_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // The first failed attempt since the last success; cleared by any 2xx.
    .addColumn('failing_since', 'timestamptz')
    .addColumn('last_success_at', 'timestamptz')
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    .addColumn('times_disabled', 'integer', (c) => c.notNull().defaultTo(0))
    // Support has been told of the current disabling (null while the email is still to be sent).
    .addColumn('support_notified_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('endpoint_id', 'text', (c) =>
      c.notNull().references('webhook_endpoints.endpoint_id').onDelete('cascade'),
    )
    .addColumn('event_id', 'text', (c) => c.notNull().references('request_events.event_id'))
    // Copied from the event: the ordering rule (sequence per request and endpoint) needs no join.
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('pending', 'failed', 'delivered', 'dead')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    // The class of the last failure (timeout, connection_refused, http_status, ...); never a body.
    .addColumn('last_error', 'text')
    .addColumn('last_latency_ms', 'integer')
    .addColumn('last_attempt_at', 'timestamptz')
    // When the next attempt is due (pending and failed only).
    .addColumn('next_attempt_at', 'timestamptz')
    // Retries run for the configured period from here: creation, or the last redelivery.
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('delivered_at', 'timestamptz')
    // A dispatcher's claim on the attempt in flight; another dispatcher may take over once it expires.
    .addColumn('lease_token', 'text')
    .addColumn('lease_expires_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_deliveries_pk', ['endpoint_id', 'event_id'])
    .execute();
  // Claims: the due deliveries, oldest due first.
  await db.schema
    .createIndex('webhook_deliveries_due')
    .on('webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('state'), 'in', ['pending', 'failed'])
    .execute();
  // The ordering rule: an earlier undelivered event of the same request for the same endpoint.
  await db.schema
    .createIndex('webhook_deliveries_request_order')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'request_id', 'sequence'])
    .execute();
  // The deliveries of an endpoint, newest first.
  await db.schema
    .createIndex('webhook_deliveries_endpoint_created')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['webhook_deliveries', 'webhook_endpoints', 'request_events']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
