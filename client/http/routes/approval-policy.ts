// The approval settings of an account in the JSON API (docs/http-api.md, "Approval policy and
// delegation"), under /api/v1 with the API's token and rate limit: its approval policy, and its
// members' delegations.
//   GET    /accounts/{accountId}/approval-policy                  200 the policy in force, `source` says whose
//   PUT    /accounts/{accountId}/approval-policy                  200 the policy now in force
//   PUT    /accounts/{accountId}/members/{userId}/delegation      200 the delegation
//   DELETE /accounts/{accountId}/members/{userId}/delegation      204 (also when there was none)
import type { FastifyInstance } from 'fastify';
import type { ApprovalPolicy } from '../../../activities/store/policy-types.js';
import {
  endDelegation,
  readApprovalPolicy,
  writeApprovalPolicy,
  writeDelegation,
  type ApprovalSettingsStore,
} from '../../approval-settings.js';
import type { PlangateClient } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';
import type { RequestGuard } from '../request-guard.js';

export interface ApprovalPolicyRoutesOptions {
  client: Pick<PlangateClient, 'openRequestId' | 'resendEmails'>;
  /** Without store access these routes answer 503 NOT_CONFIGURED, like the subscription view. */
  accounts?: ApprovalSettingsStore;
  /** The deployment's default (PLANGATE_APPROVAL_POLICY), for accounts without their own. */
  defaultPolicy: ApprovalPolicy;
  apiToken: string;
  rateLimit: RequestGuard;
}

export async function approvalPolicyRoutes(
  api: FastifyInstance,
  options: ApprovalPolicyRoutesOptions,
): Promise<void> {
  api.removeContentTypeParser('text/plain');
  api.addHook('onRequest', options.rateLimit);
  api.addHook('onRequest', requireApiToken(options.apiToken));
  const store = (): ApprovalSettingsStore => {
    if (!options.accounts)
      throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
    return options.accounts;
  };

  api.get('/accounts/:accountId/approval-policy', async (request) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    return readApprovalPolicy(store(), accountId, options.defaultPolicy);
  });

  api.put('/accounts/:accountId/approval-policy', async (request) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    const view = await writeApprovalPolicy(store(), accountId, request.body);
    request.log.info({ accountId, mode: view.mode, stages: view.stages?.length ?? 0 }, 'approval policy set');
    return view;
  });

  api.put('/accounts/:accountId/members/:userId/delegation', async (request) => {
    const { accountId, userId } = pathIds(request.params, ['accountId', 'userId']);
    const delegation = await writeDelegation(store(), accountId, userId, request.body, options.defaultPolicy);
    request.log.info({ accountId, userId }, 'delegation set');
    return delegation;
  });

  api.delete('/accounts/:accountId/members/:userId/delegation', async (request, reply) => {
    const { accountId, userId } = pathIds(request.params, ['accountId', 'userId']);
    const { ended, resentRequestId } = await endDelegation(store(), options.client, accountId, userId, 'api');
    if (ended) request.log.info({ accountId, userId, resentRequestId }, 'delegation ended');
    return reply.code(204).send();
  });
}
