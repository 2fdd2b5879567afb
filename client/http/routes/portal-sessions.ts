// POST /api/v1/accounts/{accountId}/portal-sessions: the host app asks for a portal link for one of
// its members (DESIGN.md section 5). Same token and rate limit as the rest of the API.
import type { FastifyInstance } from 'fastify';
import type { BillingStore } from '../../../activities/store/types.js';
import { PlangateError } from '../../plangate-error.js';
import { parsePortalSessionBody } from '../api-input.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';
import { openPortalSession } from '../portal/portal-session.js';
import type { RequestGuard } from '../request-guard.js';

export interface PortalSessionRoutesOptions {
  accounts: Pick<BillingStore, 'loadAccount'> | undefined;
  linkSecret: Uint8Array;
  publicUrl: string;
  ttlMs: number;
  apiToken: string;
  rateLimit: RequestGuard;
}

export async function portalSessionRoutes(
  api: FastifyInstance,
  options: PortalSessionRoutesOptions,
): Promise<void> {
  api.removeContentTypeParser('text/plain');
  api.addHook('onRequest', options.rateLimit);
  api.addHook('onRequest', requireApiToken(options.apiToken));

  api.post('/accounts/:accountId/portal-sessions', async (request, reply) => {
    const { accountId } = pathIds(request.params, ['accountId']);
    const body = parsePortalSessionBody(request.body);
    if (!options.accounts)
      throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
    const snapshot = await options.accounts.loadAccount(accountId);
    if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
    const session = openPortalSession(snapshot, body, options);
    request.log.info({ accountId }, 'portal session opened');
    return reply.code(201).send(session);
  });
}
