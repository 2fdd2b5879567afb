// The JSON API of docs/http-api.md ("Change requests"), under /api/v1, bearer-token protected and
// rate limited.
// It only translates HTTP to PlangateClient calls (and store reads for the account view); every
// rule of a request lives in the workflow.
import type { FastifyInstance } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import {
  accountSubscriptionView,
  type AccountSubscriptionView,
} from '../../../activities/store/account-view.js';
import type { BillingStore } from '../../../activities/store/types.js';
import type { PlangateClient } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import { activeDelegate } from '../../../activities/delegation.js';
import { parseCancelBody, parseDecisionBody, parseListQuery, parseSubmitBody } from '../api-input.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';

export interface ApiRoutesOptions {
  client: PlangateClient;
  /** Read access to the store, for the account views. */
  accounts?: Pick<BillingStore, 'loadAccount'>;
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
    return accountView(options.accounts, accountId);
  });

  api.get('/accounts/:accountId/change-requests', async (request) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    const filter = parseListQuery(request.query);
    await assertAccountExists(options.accounts, accountId);
    return { requests: await client.listRequests({ accountId, ...filter }) };
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
    if (body.onBehalfOf)
      await assertDelegation(options.accounts, accountId, body.approverId, body.onBehalfOf);
    const view = await client.decide(accountId, requestId, { ...body, channel: 'api' });
    request.log.info({ requestId, accountId, decision: body.decision }, 'decision recorded');
    return view;
  });
}

/** The account's subscription view; 404 for an unknown account or one without a subscription. */
async function accountView(
  accounts: ApiRoutesOptions['accounts'],
  accountId: string,
): Promise<AccountSubscriptionView> {
  if (!accounts) throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
  const snapshot = await accounts.loadAccount(accountId);
  if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
  const view = accountSubscriptionView(snapshot);
  if (!view) throw new PlangateError('NO_SUBSCRIPTION', `Account ${accountId} has no subscription`);
  return view;
}

/** A decision on someone's behalf needs their delegation to the caller, in force now (the store's). */
async function assertDelegation(
  accounts: ApiRoutesOptions['accounts'],
  accountId: string,
  delegate: string,
  approver: string,
): Promise<void> {
  if (!accounts) throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
  const snapshot = await accounts.loadAccount(accountId);
  if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
  if (activeDelegate(snapshot.delegations, approver, new Date()) !== delegate) {
    throw new PlangateError('NOT_AN_APPROVER', `${delegate} has no delegation from ${approver} in force`);
  }
}

/** A list for an unknown account is a 404, like every other route under that account. */
async function assertAccountExists(accounts: ApiRoutesOptions['accounts'], accountId: string): Promise<void> {
  // Without store access, listing still makes sense.
  if (accounts && !(await accounts.loadAccount(accountId)))
    throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
}
