// The webhook endpoints of the JSON API (DESIGN.md section 5), under /api/v1 with the same token
// and rate limit as the rest of it. Translation only: the rules live in client/webhook-endpoints.ts,
// which `plangate webhooks` uses too.
import type { FastifyInstance } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import { PlangateError } from '../../plangate-error.js';
import type { WebhookEndpoints } from '../../webhook-endpoints.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';
import { z } from 'zod';
import {
  createWebhookEndpointSchema,
  deliveriesQuerySchema,
  redeliverFailedSchema,
} from '../../webhook-endpoints.js';
import {
  createdWebhookEndpointSchema,
  rotatedSecretSchema,
  webhookDeliverySchema,
  webhookEndpointSchema,
} from '../openapi/response-schemas.js';

export interface WebhookRoutesOptions {
  /** Absent when the server has no store: every route answers 503 NOT_CONFIGURED. */
  endpoints: WebhookEndpoints | undefined;
  apiToken: string;
  rateLimit: RequestGuard;
}

export async function webhookRoutes(api: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  api.removeContentTypeParser('text/plain');
  api.addHook('onRequest', options.rateLimit);
  api.addHook('onRequest', requireApiToken(options.apiToken));
  const endpoints = (): WebhookEndpoints => {
    if (!options.endpoints)
      throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
    return options.endpoints;
  };

  api.post(
    '/webhook-endpoints',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Register a webhook endpoint (its `whsec_` secret is shown only here)',
          body: createWebhookEndpointSchema,
          response: {
            status: 201,
            description: 'The endpoint with its secret',
            schema: createdWebhookEndpointSchema,
          },
        },
      },
    },
    async (request, reply) => {
      const created = await endpoints().add(request.body ?? {});
      request.log.info({ endpointId: created.id }, 'webhook endpoint registered');
      return reply.code(201).send(created);
    },
  );

  api.get(
    '/webhook-endpoints',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'The webhook endpoints',
          response: {
            status: 200,
            description: 'The endpoints',
            schema: z.object({ endpoints: z.array(webhookEndpointSchema) }),
          },
        },
      },
    },
    async () => ({ endpoints: await endpoints().list() }),
  );

  api.get(
    '/webhook-endpoints/:id',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'One webhook endpoint',
          response: { status: 200, description: 'The endpoint', schema: webhookEndpointSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { id } = pathIds(request.params, ['id']);
      return endpoints().get(id);
    },
  );

  api.delete(
    '/webhook-endpoints/:id',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Remove a webhook endpoint',
          response: { status: 204, description: 'Removed' },
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { id } = pathIds(request.params, ['id']);
      await endpoints().remove(id);
      request.log.info({ endpointId: id }, 'webhook endpoint removed');
      return reply.code(204).send();
    },
  );

  api.post(
    '/webhook-endpoints/:id/rotate-secret',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Rotate the signing secret (both sign during the overlap)',
          response: { status: 200, description: 'The new secret', schema: rotatedSecretSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { id } = pathIds(request.params, ['id']);
      const rotated = await endpoints().rotateSecret(id);
      request.log.info({ endpointId: id }, 'webhook secret rotated');
      return rotated;
    },
  );

  api.post(
    '/webhook-endpoints/:id/enable',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Enable a disabled endpoint again',
          response: { status: 200, description: 'The endpoint', schema: webhookEndpointSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { id } = pathIds(request.params, ['id']);
      return endpoints().enable(id);
    },
  );

  api.get(
    '/webhook-endpoints/:id/deliveries',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: "The endpoint's deliveries, newest first",
          query: deliveriesQuerySchema,
          response: {
            status: 200,
            description: 'The deliveries',
            schema: z.object({ deliveries: z.array(webhookDeliverySchema) }),
          },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { id } = pathIds(request.params, ['id']);
      return { deliveries: await endpoints().deliveries(id, request.query) };
    },
  );

  api.post(
    '/webhook-endpoints/:id/deliveries/:eventId/redeliver',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Deliver one event again',
          response: {
            status: 202,
            description: 'The delivery, pending again',
            schema: webhookDeliverySchema,
          },
          errors: [404, 409],
        },
      },
    },
    async (request, reply) => {
      const { id, eventId } = pathIds(request.params, ['id', 'eventId']);
      return reply.code(202).send(await endpoints().redeliver(id, eventId));
    },
  );

  api.post(
    '/webhook-endpoints/:id/redeliver-failed',
    {
      config: {
        openapi: {
          tag: 'webhooks',
          summary: 'Deliver again every event that failed since an instant',
          body: redeliverFailedSchema,
          response: {
            status: 202,
            description: 'How many were put back',
            schema: z.object({ redelivered: z.number().int(), since: z.iso.datetime({ offset: true }) }),
          },
          errors: [404, 409],
        },
      },
    },
    async (request, reply) => {
      const { id } = pathIds(request.params, ['id']);
      return reply.code(202).send(await endpoints().redeliverFailed(id, request.body ?? {}));
    },
  );
}
