// The outbox of request events. The workflow's steps call insertRequestEvents in the same
// transaction as the change they report (or on their own, for transitions that write nothing else);
// the webhook dispatcher (activities/webhooks/) delivers from the rows it fans out here.
import { sql, type Kysely, type Transaction } from 'kysely';
import { requestEventId, requestEventTypes, type RequestEvent } from './event-types.js';
import type { BillingDatabase } from './schema.js';
import { queuedDeliveryColumns } from './webhook-store.js';

const knownTypes: ReadonlySet<string> = new Set(requestEventTypes.map((kind) => `change_request.${kind}`));

/**
 * Stores the events and, in the same statement, queues one delivery per enabled endpoint that
 * subscribes to the event's type (an endpoint without an `events` list takes every type).
 * Idempotent: an event id that is already stored changes nothing and queues nothing, so activity
 * retries and workflow replays may insert the same events again.
 */
export async function insertRequestEvents(
  db: Kysely<BillingDatabase> | Transaction<BillingDatabase>,
  events: RequestEvent[],
): Promise<void> {
  const unique = [...new Map(events.map((event) => [checked(event).id, event])).values()];
  if (unique.length === 0) return;
  // Typed, or PostgreSQL reads the parameter as text in the SELECT list.
  const at = sql<string>`cast(${new Date().toISOString()} as timestamptz)`;
  await db
    .with('new_events', (q) =>
      q
        .insertInto('request_events')
        .values(
          unique.map((event) => ({
            event_id: event.id,
            request_id: event.data.requestId,
            account_id: event.data.accountId,
            sequence: event.data.sequence,
            type: event.type,
            created_at: event.createdAt,
            body: JSON.stringify(event),
          })),
        )
        // Any unique key: the event id, or (request, sequence).
        .onConflict((c) => c.doNothing())
        .returning(['event_id', 'request_id', 'sequence', 'type']),
    )
    .insertInto('webhook_deliveries')
    .columns(queuedDeliveryColumns)
    .expression((eb) =>
      eb
        .selectFrom('new_events')
        .innerJoin('webhook_endpoints', (join) =>
          join.on(
            sql<boolean>`webhook_endpoints.disabled_at is null and (webhook_endpoints.events is null
              or webhook_endpoints.events @> jsonb_build_array(new_events.type))`,
          ),
        )
        .select((s) => [
          'webhook_endpoints.endpoint_id',
          'new_events.event_id',
          'new_events.request_id',
          'new_events.sequence',
          'new_events.type',
          s.val('pending').as('state'),
          at.as('next_attempt_at'),
          at.as('window_started_at'),
          at.as('created_at'),
        ]),
    )
    .execute();
}

/** A malformed event is a bug in the caller: refuse it loudly instead of storing it. */
function checked(event: RequestEvent): RequestEvent {
  const { data } = event;
  if (!Number.isInteger(data.sequence) || data.sequence < 1)
    throw new TypeError(`Event ${event.id}: sequence must be a whole number from 1, got ${data.sequence}`);
  if (event.id !== requestEventId(data.requestId, data.sequence))
    throw new TypeError(`Event ${event.id}: id must be ${requestEventId(data.requestId, data.sequence)}`);
  if (!knownTypes.has(event.type)) throw new TypeError(`Event ${event.id}: unknown type ${event.type}`);
  if (Number.isNaN(Date.parse(event.createdAt)))
    throw new TypeError(`Event ${event.id}: createdAt is not an ISO 8601 instant`);
  return event;
}
