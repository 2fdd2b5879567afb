// The approval settings of an account in the JSON API (DESIGN.md section 5), under /api/v1 with the
// API's token and rate limit: its approval policy, and its members' delegations.
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
import { approvalPolicySchema } from '../../../activities/approval-policy.js';
import { delegationBodySchema } from '../../../activities/delegation.js';
import { approvalPolicyViewSchema, delegationSchema } from '../openapi/response-schemas.js';

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

  api.get(
    '/accounts/:accountId/approval-policy',
    {
      config: {
        openapi: {
          tag: 'approval settings',
          summary: "The account's approval policy in force (`source`: its own or the default)",
          response: { status: 200, description: 'The policy', schema: approvalPolicyViewSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      return readApprovalPolicy(store(), accountId, options.defaultPolicy);
    },
  );

  api.put(
    '/accounts/:accountId/approval-policy',
    {
      config: {
        openapi: {
          tag: 'approval settings',
          summary: "Set the account's approval policy (requests keep the policy they were submitted under)",
          body: approvalPolicySchema,
          response: { status: 200, description: 'The policy now in force', schema: approvalPolicyViewSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      const view = await writeApprovalPolicy(store(), accountId, request.body);
      request.log.info(
        { accountId, mode: view.mode, stages: view.stages?.length ?? 0 },
        'approval policy set',
      );
      return view;
    },
  );

  api.put(
    '/accounts/:accountId/members/:userId/delegation',
    {
      config: {
        openapi: {
          tag: 'approval settings',
          summary: "Delegate an approver's decisions to another member for a time window",
          body: delegationBodySchema,
          response: { status: 200, description: 'The delegation', schema: delegationSchema },
          errors: [404],
        },
      },
    },
    async (request) => {
      const { accountId, userId } = pathIds(request.params, ['accountId', 'userId']);
      const delegation = await writeDelegation(
        store(),
        accountId,
        userId,
        request.body,
        options.defaultPolicy,
      );
      request.log.info({ accountId, userId }, 'delegation set');
      return delegation;
    },
  );

  api.delete(
    '/accounts/:accountId/members/:userId/delegation',
    {
      config: {
        openapi: {
          tag: 'approval settings',
          summary: "End a member's delegation (also when there is none)",
          response: { status: 204, description: 'Ended' },
          errors: [404],
        },
      },
    },
    async (request, reply) => {
      const { accountId, userId } = pathIds(request.params, ['accountId', 'userId']);
      const { ended, resentRequestId } = await endDelegation(
        store(),
        options.client,
        accountId,
        userId,
        'api',
      );
      if (ended) request.log.info({ accountId, userId, resentRequestId }, 'delegation ended');
      return reply.code(204).send();
    },
  );
}
