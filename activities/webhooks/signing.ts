// Standard Webhooks signatures (https://www.standardwebhooks.com) with the reference library, so a
// host app verifies with the same code: `webhook-signature` is `v1,<base64 HMAC-SHA256 of
// id.timestamp.body>` under the endpoint's `whsec_` secret, one per secret in force, space-separated.
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { RequestEvent } from '../store/event-types.js';

const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

/** A new endpoint secret: `whsec_` and the base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export interface SigningSecrets {
  secret: string;
  previousSecret: string | null;
  previousSecretExpiresAt: string | null;
}

/** The secrets that sign at `at`: the current one, and the previous one during a rotation's overlap. */
export function secretsInForce(secrets: SigningSecrets, at: Date): string[] {
  const { previousSecret, previousSecretExpiresAt } = secrets;
  const overlapping =
    previousSecret !== null &&
    previousSecretExpiresAt !== null &&
    Date.parse(previousSecretExpiresAt) > at.getTime();
  return overlapping ? [secrets.secret, previousSecret] : [secrets.secret];
}

/** The three Standard Webhooks headers of one attempt (the timestamp is the attempt's own). */
export function signatureHeaders(
  eventId: string,
  body: string,
  secrets: readonly string[],
  at: Date,
): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  return {
    'webhook-id': eventId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(eventId, at, body)).join(' '),
  };
}

/**
 * The request body: the event with its fields in the documented order (the store's jsonb keeps
 * keys in an order of its own). The same event gives the same bytes on every attempt.
 */
export function eventPayload(event: RequestEvent): string {
  const { accountId, requestId, state, sequence, ...rest } = event.data;
  return JSON.stringify({
    id: event.id,
    type: event.type,
    createdAt: event.createdAt,
    data: { accountId, requestId, state, sequence, ...rest },
  });
}
