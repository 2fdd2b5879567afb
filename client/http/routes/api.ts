// The JSON API of DESIGN.md section 5, under /api/v1, bearer-token protected and rate limited.
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
import {
  cancelBodySchema,
  decisionBodySchema,
  listQuerySchema,
  quoteBodySchema,
  submitBodySchema,
  parseCancelBody,
  parseDecisionBody,
  parseListQuery,
  parseQuoteBody,
  parseSubmitBody,
} from '../api-input.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';
import {
  quoteResponseSchema,
  requestListSchema,
  statusViewSchema,
  submissionSchema,
  subscriptionViewSchema,
} from '../openapi/response-schemas.js';

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

  api.post(
    '/accounts/:accountId/change-requests',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: 'Submit a change request',
          description:
            'Opens a request and answers once it is quoted. An owner or billing admin asks nobody: `approvers` is empty and `status` the state their change reached.',
          body: submitBodySchema,
          response: {
            status: 201,
            description: 'The request, its quote and who is asked',
            schema: submissionSchema,
          },
          errors: [402, 403, 404, 409],
        },
      },
    },
    async (request, reply) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      const body = parseSubmitBody(request.body);
      const accepted = await client.submitChangeRequest({ accountId, ...body, channel: 'api' });
      request.log.info({ requestId: accepted.requestId, accountId }, 'change request submitted');
      return reply.code(201).send(accepted);
    },
  );

  // The price preview: the quote a submission would get at that instant, on the submission's own
  // path (client/quote-preview.ts); nothing is written, no workflow starts.
  api.post(
    '/accounts/:accountId/quotes',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: 'Price a change without submitting it',
          description:
            'Exactly the quote a submission would return at `at` (default now). With `requestedBy`, the checks of a submission by that member apply. No side effects.',
          body: quoteBodySchema,
          response: { status: 200, description: 'The quote', schema: quoteResponseSchema },
          errors: [402, 403, 404, 409],
        },
      },
    },
    async (request) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      const body = parseQuoteBody(request.body);
      return { quote: await client.quote({ accountId, ...body }) };
    },
  );

  api.get(
    '/accounts/:accountId/subscription',
    {
      config: {
        openapi: {
          tag: 'accounts',
          summary: 'The current subscription and who may approve',
          response: { status: 200, description: 'The subscription view', schema: subscriptionViewSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      return accountView(options.accounts, accountId);
    },
  );

  api.get(
    '/accounts/:accountId/change-requests',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: "The account's requests, newest first",
          query: listQuerySchema,
          response: { status: 200, description: 'The requests', schema: requestListSchema },
          errors: [400, 404],
        },
      },
    },
    async (request) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      const filter = parseListQuery(request.query);
      await assertAccountExists(options.accounts, accountId);
      return { requests: await client.listRequests({ accountId, ...filter }) };
    },
  );

  api.get(
    '/accounts/:accountId/change-requests/:requestId',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: 'The status view of a request: state, timeline, quote, decision, approvals',
          response: { status: 200, description: 'The status view', schema: statusViewSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
      return client.getStatus(accountId, requestId);
    },
  );

  api.post(
    '/accounts/:accountId/change-requests/:requestId/cancel',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: 'Withdraw an open request (the requester)',
          body: cancelBodySchema,
          response: { status: 200, description: 'The status view after it', schema: statusViewSchema },
          errors: [403, 404, 409],
        },
      },
    },
    async (request) => {
      const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
      const body = parseCancelBody(request.body);
      const view = await client.cancel(accountId, requestId, { ...body, channel: 'api' });
      request.log.info({ requestId, accountId }, 'change request cancelled');
      return view;
    },
  );

  api.post(
    '/accounts/:accountId/change-requests/:requestId/decision',
    {
      config: {
        openapi: {
          tag: 'change requests',
          summary: 'Approve or reject (an approver, or a delegate `onBehalfOf` one)',
          body: decisionBodySchema,
          response: { status: 200, description: 'The status view after it', schema: statusViewSchema },
          errors: [402, 403, 404, 409],
        },
      },
    },
    async (request) => {
      const { accountId, requestId } = pathIds(request.params, ['accountId', 'requestId']);
      const body = parseDecisionBody(request.body);
      if (body.onBehalfOf)
        await assertDelegation(options.accounts, accountId, body.approverId, body.onBehalfOf);
      const view = await client.decide(accountId, requestId, { ...body, channel: 'api' });
      request.log.info({ requestId, accountId, decision: body.decision }, 'decision recorded');
      return view;
    },
  );
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
