// The JSON API of DESIGN.md section 5, under /api/v1, bearer-token protected and rate limited.
// It only translates HTTP to PlangateClient calls; every rule lives in the workflow.
import type { FastifyInstance } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import type { PlangateClient, RequestSummary } from '../../plangate-client.js';
import { workflowIdFor } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import { parseCancelBody, parseDecisionBody, parseListQuery, parseSubmitBody } from '../api-input.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';

export interface ApiRoutesOptions {
  client: PlangateClient;
  apiToken: string;
  rateLimit: RequestGuard;
}

export async function apiRoutes(api: FastifyInstance, options: ApiRoutesOptions): Promise<void> {
  const { client } = options;
  // The API speaks JSON only: without this, Fastify's built-in text/plain parser would accept text.
  api.removeContentTypeParser('text/plain');
  // Order matters: the rate limit counts failed logins too.
  api.addHook('onRequest', options.rateLimit);
  api.addHook('onRequest', requireApiToken(options.apiToken));

  api.post('/accounts/:accountId/change-requests', async (request, reply) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    const body = parseSubmitBody(request.body);
    const accepted = await client.submitChangeRequest({ accountId, ...body, channel: 'api' });
    request.log.info({ requestId: accepted.requestId, accountId }, 'change request submitted');
    return reply.code(201).send(accepted);
  });

  api.get('/accounts/:accountId/subscription', async (request) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    return client.getSubscription(accountId);
  });

  api.get('/accounts/:accountId/change-requests', async (request) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    const filter = parseListQuery(request.query);
    await assertAccountExists(client, accountId);
    const listed = await client.listRequests({ accountId, ...filter });
    return { requests: await withOpenRequest(client, accountId, listed, filter) };
  });

  api.get('/accounts/:accountId/change-requests/:requestId', async (request) => {
    const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
    return client.getStatus(accountId, requestId);
  });

  api.post('/accounts/:accountId/change-requests/:requestId/cancel', async (request) => {
    const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
    const body = parseCancelBody(request.body);
    const view = await client.cancel(accountId, requestId, { ...body, channel: 'api' });
    request.log.info({ requestId, accountId }, 'change request cancelled');
    return view;
  });

  api.post('/accounts/:accountId/change-requests/:requestId/decision', async (request) => {
    const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
    const body = parseDecisionBody(request.body);
    const view = await client.decide(accountId, requestId, { ...body, channel: 'api' });
    request.log.info({ requestId, accountId, decision: body.decision }, 'decision recorded');
    return view;
  });
}

/** A list for an unknown account is a 404, like every other route under that account. */
async function assertAccountExists(client: PlangateClient, accountId: string): Promise<void> {
  try {
    await client.getSubscription(accountId);
  } catch (error) {
    // Without store access (NOT_CONFIGURED) or without a subscription, listing still makes sense.
    if (error instanceof PlangateError && error.code === 'UNKNOWN_ACCOUNT') throw error;
  }
}

type ListedRequest = Omit<RequestSummary, 'runId'> & { runId?: string };

/**
 * Temporal's visibility (the list) trails the workflow by a moment; the open request is read
 * directly so a request just submitted or just decided is listed with its current state.
 */
async function withOpenRequest(
  client: PlangateClient,
  accountId: string,
  listed: RequestSummary[],
  filter: { status?: string; limit?: number },
): Promise<ListedRequest[]> {
  const openId = await client.openRequestId(accountId);
  if (!openId) return listed;
  let live;
  try {
    live = await client.getStatus(accountId, openId);
  } catch {
    return listed;
  }
  const others: ListedRequest[] = listed.filter((r) => r.requestId !== openId);
  const known = listed.find((r) => r.requestId === openId);
  if (live.state === 'preparing' || live.state === 'invalid') return others;
  if (filter.status !== undefined && live.state !== filter.status) return others;
  const current: ListedRequest = {
    ...(known ?? {
      requestId: openId,
      accountId,
      changeKinds: live.quote?.kinds ?? [],
      submittedAt: live.submittedAt,
      workflowId: workflowIdFor(accountId),
    }),
    status: live.state,
  };
  const merged = [current, ...others].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return filter.limit !== undefined ? merged.slice(0, filter.limit) : merged;
}
