// Stores request events in the outbox the webhook dispatcher delivers from. Idempotent: a retried or
// replayed step stores the same events (same ids) again, and nothing changes.
import type { Kysely, Transaction } from 'kysely';
import type { RequestEvent } from './event-types.js';
import type { BillingDatabase } from './schema.js';

export async function insertRequestEvents(
  db: Kysely<BillingDatabase> | Transaction<BillingDatabase>,
  events: RequestEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('request_events')
    .values(
      events.map((event) => ({
        event_id: event.id,
        request_id: event.data.requestId,
        account_id: event.data.accountId,
        sequence: event.data.sequence,
        type: event.type,
        created_at: event.createdAt,
        body: JSON.stringify(event),
      })),
    )
    .onConflict((c) => c.column('event_id').doNothing())
    .execute();
}
