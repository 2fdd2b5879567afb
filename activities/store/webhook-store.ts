// The store side of webhooks: endpoints, and the delivery rows the dispatcher leases, attempts and
// records. Every write is ONE statement, so that it is atomic on its own: on PGlite (one connection)
// an explicit transaction would take in whatever else runs at the same moment, and on PostgreSQL
// several dispatchers claim rows side by side with FOR UPDATE SKIP LOCKED.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { RequestEvent, RequestEventType } from './event-types.js';
import { iso } from './rows.js';
import type { BillingDatabase, WebhookDeliveriesTable, WebhookEndpointsTable } from './schema.js';
import type {
  ClaimWebhookDeliveriesInput,
  ClaimedWebhookDelivery,
  DisabledWebhookEndpoint,
  NewWebhookEndpoint,
  WebhookAttemptOutcome,
  WebhookAttemptRecord,
  WebhookDelivery,
  WebhookDeliveryState,
  WebhookEndpoint,
} from './webhook-types.js';

type Db = Kysely<BillingDatabase>;

/** The columns of a newly queued delivery (the rest take their defaults). */
export const queuedDeliveryColumns = [
  'endpoint_id',
  'event_id',
  'request_id',
  'sequence',
  'event_type',
  'state',
  'next_attempt_at',
  'window_started_at',
  'created_at',
] as const satisfies ReadonlyArray<keyof WebhookDeliveriesTable>;

const timestamptz = (value: string) => sql<string>`cast(${value} as timestamptz)`;
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toEndpoint(row: Selectable<WebhookEndpointsTable>): WebhookEndpoint {
  return {
    id: row.endpoint_id,
    url: row.url,
    events: row.events === null ? null : json<RequestEventType[] | null>(row.events),
    description: row.description,
    enabled: row.disabled_at === null,
    createdAt: iso(row.created_at),
    failingSince: isoOrNull(row.failing_since),
    lastSuccessAt: isoOrNull(row.last_success_at),
    disabledAt: isoOrNull(row.disabled_at),
    disabledReason: row.disabled_reason,
    secretRotatedAt: isoOrNull(row.secret_rotated_at),
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): WebhookDelivery {
  return {
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    type: row.event_type as RequestEventType,
    requestId: row.request_id,
    sequence: row.sequence,
    state: row.state as WebhookDeliveryState,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastError: row.last_error,
    latencyMs: row.last_latency_ms,
    lastAttemptAt: isoOrNull(row.last_attempt_at),
    nextAttemptAt: isoOrNull(row.next_attempt_at),
    deliveredAt: isoOrNull(row.delivered_at),
    createdAt: iso(row.created_at),
  };
}

export async function createWebhookEndpoint(db: Db, endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
  const row = await db
    .insertInto('webhook_endpoints')
    .values({
      endpoint_id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events === null ? null : JSON.stringify(endpoint.events),
      description: endpoint.description,
      secret: endpoint.secret,
      created_at: endpoint.createdAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toEndpoint(row);
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .orderBy('created_at')
    .orderBy('endpoint_id')
    .execute();
  return rows.map(toEndpoint);
}

export async function getWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpoint | null> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('endpoint_id', '=', id)
    .executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** Removes the endpoint and its deliveries (cascade); false when there was none. */
export async function deleteWebhookEndpoint(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('endpoint_id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The new secret signs from now on; the one it replaces also signs until `previousSecretExpiresAt`. */
export async function rotateWebhookSecret(
  db: Db,
  id: string,
  rotation: { secret: string; previousSecretExpiresAt: string; at: string },
): Promise<WebhookEndpoint | null> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      previous_secret: eb.ref('secret'),
      secret: rotation.secret,
      previous_secret_expires_at: rotation.previousSecretExpiresAt,
      secret_rotated_at: rotation.at,
    }))
    .where('endpoint_id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** Turns a disabled endpoint back on, with a clean failure record. Its dead deliveries stay dead. */
export async function enableWebhookEndpoint(db: Db, id: string): Promise<WebhookEndpoint | null> {
  const row = await db
    .updateTable('webhook_endpoints')
    .set({ disabled_at: null, disabled_reason: null, failing_since: null })
    .where('endpoint_id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toEndpoint(row) : null;
}

/** Newest first. */
export async function listWebhookDeliveries(
  db: Db,
  endpointId: string,
  options: { limit: number },
): Promise<WebhookDelivery[]> {
  const rows = await db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('request_id', 'desc')
    .orderBy('sequence', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toDelivery);
}

/**
 * Queues the event for the endpoint again, with a fresh retry period: a delivery in any state goes
 * back to pending, and an event the endpoint never had (created before it, or of a type it does not
 * subscribe to) gets a delivery. Null when there is no such event.
 */
export async function redeliverWebhookEvent(
  db: Db,
  endpointId: string,
  eventId: string,
  at: string,
): Promise<WebhookDelivery | null> {
  const row = await db
    .insertInto('webhook_deliveries')
    .columns(queuedDeliveryColumns)
    .expression((eb) =>
      eb
        .selectFrom('request_events')
        .select((s) => [
          s.val(endpointId).as('endpoint_id'),
          'event_id',
          'request_id',
          'sequence',
          'type',
          s.val('pending').as('state'),
          timestamptz(at).as('next_attempt_at'),
          timestamptz(at).as('window_started_at'),
          timestamptz(at).as('created_at'),
        ])
        .where('event_id', '=', eventId),
    )
    .onConflict((c) =>
      c.columns(['endpoint_id', 'event_id']).doUpdateSet({
        state: 'pending',
        next_attempt_at: timestamptz(at),
        window_started_at: timestamptz(at),
      }),
    )
    .returningAll()
    .executeTakeFirst();
  return row ? toDelivery(row) : null;
}

/**
 * Every failed or dead delivery of the endpoint whose last attempt was at or after `since` (or,
 * never attempted because the endpoint was disabled, that was queued since then); returns how many.
 */
export async function redeliverFailedWebhooks(
  db: Db,
  endpointId: string,
  since: string,
  at: string,
): Promise<number> {
  const result = await db
    .updateTable('webhook_deliveries')
    .set({ state: 'pending', next_attempt_at: timestamptz(at), window_started_at: timestamptz(at) })
    .where('endpoint_id', '=', endpointId)
    .where('state', 'in', ['failed', 'dead'])
    .where(sql<boolean>`coalesce(last_attempt_at, created_at) >= ${timestamptz(since)}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Leases up to `limit` due deliveries. A delivery is due when it is pending or failed, its next
 * attempt time has come, no live lease holds it, its endpoint is enabled, and no earlier event of
 * the same request is still undelivered (pending or failed) for that endpoint: per request and
 * endpoint, events go out strictly in sequence order. At most `perEndpoint` per endpoint are in
 * flight at once, so one slow endpoint cannot take every slot. Rows another dispatcher is claiming
 * at the same moment are skipped (FOR UPDATE SKIP LOCKED), so each attempt happens once.
 */
export async function claimWebhookDeliveries(
  db: Db,
  input: ClaimWebhookDeliveriesInput,
): Promise<ClaimedWebhookDelivery[]> {
  const now = timestamptz(input.now);
  const { rows } = await sql<{
    endpoint_id: string;
    event_id: string;
    attempts: number;
    window_started_at: Date | string;
    url: string;
    secret: string;
    previous_secret: string | null;
    previous_secret_expires_at: Date | string | null;
    body: unknown;
  }>`
    with due as (
      select d.endpoint_id, d.event_id, d.next_attempt_at,
             row_number() over (
               partition by d.endpoint_id order by d.next_attempt_at, d.created_at, d.sequence
             ) as endpoint_rank
      from webhook_deliveries d
      join webhook_endpoints e on e.endpoint_id = d.endpoint_id and e.disabled_at is null
      where d.state in ('pending', 'failed')
        and d.next_attempt_at <= ${now}
        and (d.lease_expires_at is null or d.lease_expires_at <= ${now})
        and not exists (
          select 1 from webhook_deliveries earlier
          where earlier.endpoint_id = d.endpoint_id
            and earlier.request_id = d.request_id
            and earlier.sequence < d.sequence
            and earlier.state in ('pending', 'failed')
        )
        -- The previous event must be stored at all: one whose step is still being retried (its
        -- announcement failed and is retried durably) comes first once it lands.
        and (
          d.sequence = 1
          or exists (
            select 1 from request_events previous
            where previous.request_id = d.request_id and previous.sequence = d.sequence - 1
          )
        )
    ),
    picked as (
      select d.endpoint_id, d.event_id
      from webhook_deliveries d
      join due on due.endpoint_id = d.endpoint_id and due.event_id = d.event_id
      where due.endpoint_rank <= cast(${input.perEndpoint} as integer)
              - coalesce((cast(${JSON.stringify(input.inFlight)} as jsonb) ->> d.endpoint_id)::int, 0)
        and d.state in ('pending', 'failed')
        and (d.lease_expires_at is null or d.lease_expires_at <= ${now})
      order by due.next_attempt_at
      limit cast(${input.limit} as integer)
      for update of d skip locked
    )
    update webhook_deliveries w
    set lease_token = ${input.leaseToken}, lease_expires_at = ${timestamptz(input.leaseUntil)}
    from picked, webhook_endpoints e, request_events ev
    where w.endpoint_id = picked.endpoint_id and w.event_id = picked.event_id
      and e.endpoint_id = w.endpoint_id and ev.event_id = w.event_id
    returning w.endpoint_id, w.event_id, w.attempts, w.window_started_at,
              e.url, e.secret, e.previous_secret, e.previous_secret_expires_at, ev.body
  `.execute(db);
  return rows.map((row) => ({
    endpointId: row.endpoint_id,
    eventId: row.event_id,
    url: row.url,
    event: json<RequestEvent>(row.body),
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretExpiresAt: isoOrNull(row.previous_secret_expires_at),
    attempts: row.attempts,
    windowStartedAt: iso(row.window_started_at),
    leaseToken: input.leaseToken,
  }));
}

/**
 * Records one attempt, if the lease is still this dispatcher's. A success clears the endpoint's
 * failure record. A failure starts it (if it was clean) and, when the endpoint has been failing
 * since `disableIfFailingSince` or earlier, disables it: its other queued deliveries are given up
 * (dead) in the same statement, and support is to be told (support_notified_at stays null).
 */
export async function recordWebhookAttempt(
  db: Db,
  record: WebhookAttemptRecord,
): Promise<WebhookAttemptOutcome> {
  const at = timestamptz(record.at);
  const next = record.nextAttemptAt === null ? null : timestamptz(record.nextAttemptAt);
  const { rows } = await sql<{ recorded: number | string; disabled: boolean | null }>`
    with endpoint as (
      select endpoint_id, disabled_at is not null as was_disabled,
             (not ${record.ok} and disabled_at is null
               and coalesce(failing_since, ${at}) <= ${timestamptz(record.disableIfFailingSince)}) as disable
      from webhook_endpoints
      where endpoint_id = ${record.endpointId}
      for update
    ),
    delivery as (
      update webhook_deliveries d
      set attempts = d.attempts + 1,
          state = case
            when ${record.ok} then 'delivered'
            when ${next}::timestamptz is null or endpoint.disable or endpoint.was_disabled then 'dead'
            else 'failed' end,
          last_status = ${record.status}::integer,
          last_error = ${record.errorClass}::text,
          last_latency_ms = ${Math.round(record.latencyMs)},
          last_attempt_at = ${at},
          next_attempt_at = case
            when ${record.ok} or endpoint.disable or endpoint.was_disabled then null
            else ${next}::timestamptz end,
          delivered_at = case when ${record.ok} then ${at} else d.delivered_at end,
          lease_token = null,
          lease_expires_at = null
      from endpoint
      where d.endpoint_id = endpoint.endpoint_id and d.event_id = ${record.eventId}
        and d.lease_token = ${record.leaseToken}
      returning d.endpoint_id
    ),
    endpoint_update as (
      update webhook_endpoints e
      set failing_since = case when ${record.ok} then null else coalesce(e.failing_since, ${at}) end,
          last_success_at = case when ${record.ok} then ${at} else e.last_success_at end,
          disabled_at = case when endpoint.disable then ${at} else e.disabled_at end,
          disabled_reason = case
            when endpoint.disable then ${`every attempt failed since the first failure (last: ${record.errorClass ?? 'unknown'})`}
            else e.disabled_reason end,
          times_disabled = e.times_disabled + case when endpoint.disable then 1 else 0 end,
          support_notified_at = case when endpoint.disable then null else e.support_notified_at end
      from endpoint
      where e.endpoint_id = endpoint.endpoint_id and exists (select 1 from delivery)
      returning endpoint.disable
    ),
    given_up as (
      update webhook_deliveries d
      set state = 'dead', next_attempt_at = null, last_error = coalesce(d.last_error, 'endpoint_disabled')
      from endpoint
      where endpoint.disable and exists (select 1 from delivery)
        and d.endpoint_id = endpoint.endpoint_id and d.event_id <> ${record.eventId}
        and d.state in ('pending', 'failed')
    )
    select (select count(*) from delivery) as recorded,
           (select bool_or(disable) from endpoint_update) as disabled
  `.execute(db);
  const row = rows[0];
  return { recorded: Number(row?.recorded ?? 0) > 0, endpointDisabled: row?.disabled === true };
}

export async function listUnnotifiedDisabledWebhookEndpoints(db: Db): Promise<DisabledWebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('disabled_at', 'is not', null)
    .where('support_notified_at', 'is', null)
    .orderBy('disabled_at')
    .limit(100)
    .execute();
  return rows.map((row) => ({
    id: row.endpoint_id,
    url: row.url,
    description: row.description,
    disabledAt: iso(row.disabled_at!),
    disabledReason: row.disabled_reason,
    failingSince: isoOrNull(row.failing_since),
    timesDisabled: row.times_disabled,
  }));
}

/** Marks the support email of one disabling as sent (a later disabling gets its own). */
export async function markWebhookSupportNotified(
  db: Db,
  id: string,
  timesDisabled: number,
  at: string,
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ support_notified_at: at })
    .where('endpoint_id', '=', id)
    .where('times_disabled', '=', timesDisabled)
    .execute();
}
