// Managing the host apps' webhook endpoints: the one implementation behind the HTTP API
// (client/http/routes/webhooks.ts) and `plangate webhooks`, so both validate and answer alike.
// Input is checked with zod (field problems as every 400 carries them) and the URL against the
// address rules (activities/webhooks/endpoint-url.ts); failures are PlangateErrors.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { fieldProblems } from '../activities/field-problems.js';
import { requestEventTypes, type RequestEventType } from '../activities/store/event-types.js';
import type { BillingStore, WebhookDelivery, WebhookEndpoint } from '../activities/store/types.js';
import { checkEndpointUrl, type HostResolver } from '../activities/webhooks/endpoint-url.js';
import { newWebhookSecret } from '../activities/webhooks/signing.js';
import { invalidInput } from './http/errors.js';
import { PlangateError } from './plangate-error.js';

export type WebhookEndpointStore = Pick<
  BillingStore,
  | 'createWebhookEndpoint'
  | 'listWebhookEndpoints'
  | 'getWebhookEndpoint'
  | 'deleteWebhookEndpoint'
  | 'rotateWebhookSecret'
  | 'enableWebhookEndpoint'
  | 'listWebhookDeliveries'
  | 'redeliverWebhookEvent'
  | 'redeliverFailedWebhooks'
>;

export interface WebhookEndpointSettings {
  /** PLANGATE_DEV=1: http and loopback URLs may be registered. */
  allowLoopback: boolean;
  /** How long the previous secret keeps signing after a rotation (PLANGATE_WEBHOOK_SECRET_OVERLAP). */
  secretOverlapMs: number;
  resolve?: HostResolver;
  now?: () => Date;
}

/** What registration answers: the only time the secret is shown. */
export interface CreatedWebhookEndpoint extends WebhookEndpoint {
  secret: string;
}

export interface RotatedWebhookSecret {
  id: string;
  secret: string;
  /** Until then deliveries are signed with both the new and the previous secret. */
  previousSecretExpiresAt: string;
}

export const webhookEventTypes = requestEventTypes.map((kind): RequestEventType => `change_request.${kind}`);
const MAX_DESCRIPTION = 500;

export const createWebhookEndpointSchema = z.strictObject({
  url: z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') }),
  events: z
    .array(z.enum(webhookEventTypes, { error: `must be one of ${webhookEventTypes.join(', ')}` }), {
      error: 'must be a list of event types',
    })
    .min(1, 'must name at least one event type (leave it out to receive every type)')
    .nullable()
    .optional(),
  description: z
    .string({ error: 'must be a string' })
    .max(MAX_DESCRIPTION, `must be at most ${MAX_DESCRIPTION} characters`)
    .optional(),
});

const instant = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .refine(
    (value) => !Number.isNaN(Date.parse(value)),
    'must be an ISO 8601 instant such as 2026-03-15T12:00:00Z',
  );

export const redeliverFailedSchema = z.strictObject({ since: instant });

export const deliveriesQuerySchema = z.object({
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw invalidInput([{ field: 'body', message: 'must be a JSON object' }]);
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidInput(fieldProblems(parsed.error));
  return parsed.data;
}

function notFound(id: string): PlangateError {
  return new PlangateError('WEBHOOK_ENDPOINT_NOT_FOUND', `No webhook endpoint ${id}`);
}

export class WebhookEndpoints {
  private readonly now: () => Date;

  constructor(
    private readonly store: WebhookEndpointStore,
    private readonly settings: WebhookEndpointSettings,
  ) {
    this.now = settings.now ?? (() => new Date());
  }

  /** Registers an endpoint: `{ url, events?, description? }`. */
  async add(input: unknown): Promise<CreatedWebhookEndpoint> {
    const body = parse(createWebhookEndpointSchema, input);
    const checked = await checkEndpointUrl(
      body.url,
      { allowLoopback: this.settings.allowLoopback },
      this.settings.resolve,
    );
    if ('problem' in checked) throw invalidInput([{ field: 'url', message: checked.problem }]);
    const secret = newWebhookSecret();
    const endpoint = await this.store.createWebhookEndpoint({
      id: `we_${randomBytes(12).toString('hex')}`,
      url: checked.url.toString(),
      events: body.events ? [...new Set(body.events)] : null,
      description: body.description?.trim() || null,
      secret,
      createdAt: this.now().toISOString(),
    });
    return { ...endpoint, secret };
  }

  list(): Promise<WebhookEndpoint[]> {
    return this.store.listWebhookEndpoints();
  }

  async get(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.getWebhookEndpoint(id);
    if (!endpoint) throw notFound(id);
    return endpoint;
  }

  async remove(id: string): Promise<void> {
    if (!(await this.store.deleteWebhookEndpoint(id))) throw notFound(id);
  }

  /** A new secret; the previous one keeps signing for the configured overlap. */
  async rotateSecret(id: string): Promise<RotatedWebhookSecret> {
    const at = this.now();
    const secret = newWebhookSecret();
    const previousSecretExpiresAt = new Date(at.getTime() + this.settings.secretOverlapMs).toISOString();
    const endpoint = await this.store.rotateWebhookSecret(id, {
      secret,
      previousSecretExpiresAt,
      at: at.toISOString(),
    });
    if (!endpoint) throw notFound(id);
    return { id, secret, previousSecretExpiresAt };
  }

  /** Turns a disabled endpoint back on; what it missed comes with redeliverFailed. */
  async enable(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.store.enableWebhookEndpoint(id);
    if (!endpoint) throw notFound(id);
    return endpoint;
  }

  async deliveries(id: string, query: unknown = {}): Promise<WebhookDelivery[]> {
    const parsed = deliveriesQuerySchema.safeParse(query ?? {});
    if (!parsed.success) throw invalidInput(fieldProblems(parsed.error));
    await this.get(id);
    return this.store.listWebhookDeliveries(id, { limit: parsed.data.limit ?? 100 });
  }

  /** Queues one event for the endpoint again (even one it already received). */
  async redeliver(id: string, eventId: string): Promise<WebhookDelivery> {
    await this.enabled(id);
    const delivery = await this.store.redeliverWebhookEvent(id, eventId, this.now().toISOString());
    if (!delivery) throw new PlangateError('WEBHOOK_EVENT_NOT_FOUND', `No event ${eventId}`);
    return delivery;
  }

  /** Queues again every delivery whose last attempt failed at or after `since`: `{ since }`. */
  async redeliverFailed(id: string, input: unknown): Promise<{ redelivered: number; since: string }> {
    const { since } = parse(redeliverFailedSchema, input);
    await this.enabled(id);
    const at = new Date(Date.parse(since)).toISOString();
    return {
      redelivered: await this.store.redeliverFailedWebhooks(id, at, this.now().toISOString()),
      since: at,
    };
  }

  private async enabled(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(id);
    if (!endpoint.enabled)
      throw new PlangateError(
        'WEBHOOK_ENDPOINT_DISABLED',
        `Webhook endpoint ${id} is disabled (${endpoint.disabledReason ?? 'by support'}); enable it first`,
      );
    return endpoint;
  }
}
