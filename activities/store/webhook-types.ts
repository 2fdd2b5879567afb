// What the store keeps for webhooks: the host apps' endpoints and one delivery per (endpoint, event).
// Plain data with ISO 8601 times, like the rest of the store contract.
import type { RequestEvent, RequestEventType } from './event-types.js';

/** An endpoint as listed: never its secrets. */
export interface WebhookEndpoint {
  id: string;
  url: string;
  /** The event types it receives; null: every type (also types added later). */
  events: RequestEventType[] | null;
  description: string | null;
  enabled: boolean;
  createdAt: string;
  /** The first failed attempt since the last success; null while it is healthy. */
  failingSince: string | null;
  lastSuccessAt: string | null;
  disabledAt: string | null;
  disabledReason: string | null;
  secretRotatedAt: string | null;
  /** Until then the previous secret signs too (a rotation in progress). */
  previousSecretExpiresAt: string | null;
}

export interface NewWebhookEndpoint {
  id: string;
  url: string;
  events: RequestEventType[] | null;
  description: string | null;
  /** `whsec_<base64>`. */
  secret: string;
  createdAt: string;
}

/**
 * pending: not attempted yet (or redelivered); failed: the last attempt failed and another is due at
 * nextAttemptAt; delivered: a 2xx came back; dead: given up (retry period over, or the endpoint was
 * disabled). Redelivery puts any of them back to pending.
 */
export type WebhookDeliveryState = 'pending' | 'failed' | 'delivered' | 'dead';

export interface WebhookDelivery {
  endpointId: string;
  eventId: string;
  type: RequestEventType;
  requestId: string;
  sequence: number;
  state: WebhookDeliveryState;
  attempts: number;
  lastStatus: number | null;
  /** The class of the last failure (webhook error classes); null after a success or before any attempt. */
  lastError: string | null;
  latencyMs: number | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
}

/** A delivery a dispatcher has leased: everything one attempt needs. */
export interface ClaimedWebhookDelivery {
  endpointId: string;
  eventId: string;
  url: string;
  event: RequestEvent;
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
  /** Attempts made before this one. */
  attempts: number;
  windowStartedAt: string;
  leaseToken: string;
}

export interface ClaimWebhookDeliveriesInput {
  /** Written on each claimed row; an attempt's result is recorded only under the same token. */
  leaseToken: string;
  now: string;
  /** Until when the claim holds; after it another dispatcher may try the delivery again. */
  leaseUntil: string;
  limit: number;
  /** At most this many deliveries in flight per endpoint, counting `inFlight`. */
  perEndpoint: number;
  /** Deliveries this dispatcher has in flight right now, per endpoint id. */
  inFlight: Record<string, number>;
}

export interface WebhookAttemptRecord {
  endpointId: string;
  eventId: string;
  leaseToken: string;
  at: string;
  ok: boolean;
  status: number | null;
  errorClass: string | null;
  latencyMs: number;
  /** After a failure: when to try again; null gives up (dead). */
  nextAttemptAt: string | null;
  /** After a failure: disable the endpoint if it has been failing since this instant or earlier. */
  disableIfFailingSince: string;
}

export interface WebhookAttemptOutcome {
  /** False when the lease was lost (another dispatcher took over): nothing was recorded. */
  recorded: boolean;
  /** This failure disabled the endpoint. */
  endpointDisabled: boolean;
}

/** A disabled endpoint whose support email is still to be sent. */
export interface DisabledWebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  disabledAt: string;
  disabledReason: string | null;
  failingSince: string | null;
  /** How many times it was disabled, this time included: one email per disabling. */
  timesDisabled: number;
}
