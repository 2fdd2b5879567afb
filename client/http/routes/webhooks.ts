// The webhook endpoints of the JSON API (docs/events.md, "Endpoints"), under /api/v1 with the same token
// and rate limit as the rest of it. Translation only: the rules live in client/webhook-endpoints.ts,
// which `plangate webhooks` uses too.
import type { FastifyInstance } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import { PlangateError } from '../../plangate-error.js';
import type { WebhookEndpoints } from '../../webhook-endpoints.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';

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

  api.post('/webhook-endpoints', async (request, reply) => {
    const created = await endpoints().add(request.body ?? {});
    request.log.info({ endpointId: created.id }, 'webhook endpoint registered');
    return reply.code(201).send(created);
  });

  api.get('/webhook-endpoints', async () => ({ endpoints: await endpoints().list() }));

  api.get('/webhook-endpoints/:id', async (request) => {
    const { id } = pathIds(request.params, ['id']);
    return endpoints().get(id);
  });

  api.delete('/webhook-endpoints/:id', async (request, reply) => {
    const { id } = pathIds(request.params, ['id']);
    await endpoints().remove(id);
    request.log.info({ endpointId: id }, 'webhook endpoint removed');
    return reply.code(204).send();
  });

  api.post('/webhook-endpoints/:id/rotate-secret', async (request) => {
    const { id } = pathIds(request.params, ['id']);
    const rotated = await endpoints().rotateSecret(id);
    request.log.info({ endpointId: id }, 'webhook secret rotated');
    return rotated;
  });

  api.post('/webhook-endpoints/:id/enable', async (request) => {
    const { id } = pathIds(request.params, ['id']);
    return endpoints().enable(id);
  });

  api.get('/webhook-endpoints/:id/deliveries', async (request) => {
    const { id } = pathIds(request.params, ['id']);
    return { deliveries: await endpoints().deliveries(id, request.query) };
  });

  api.post('/webhook-endpoints/:id/deliveries/:eventId/redeliver', async (request, reply) => {
    const { id, eventId } = pathIds(request.params, ['id', 'eventId']);
    return reply.code(202).send(await endpoints().redeliver(id, eventId));
  });

  api.post('/webhook-endpoints/:id/redeliver-failed', async (request, reply) => {
    const { id } = pathIds(request.params, ['id']);
    return reply.code(202).send(await endpoints().redeliverFailed(id, request.body ?? {}));
  });
}
