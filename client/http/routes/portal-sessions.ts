// POST /api/v1/accounts/{accountId}/portal-sessions: the host app asks for a portal link for one of
// its members (docs/http-api.md, Portal sessions). Same token and rate limit as the rest of the API.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { BillingStore } from '../../../activities/store/types.js';
import { PlangateError } from '../../plangate-error.js';
import { parsePortalSessionBody, portalSessionSchema } from '../api-input.js';
import { requireApiToken } from '../auth.js';
import { pathIds } from '../ids.js';
import { openPortalSession, type PortalSession } from '../portal/portal-session.js';
import type { RequestGuard } from '../request-guard.js';

const portalSessionResponseSchema = z
  .object({
    url: z
      .string()
      .meta({ description: 'The portal link, on PLANGATE_PUBLIC_URL; the token in it is the credential' }),
    expiresAt: z.string().meta({ description: 'When the link stops working (ISO 8601 UTC)' }),
  })
  .meta({
    id: 'PortalSession',
    example: {
      url: 'https://plangate.example/portal/WzIsInBvcnRhbCIs...',
      expiresAt: '2026-12-01T13:00:00.000Z',
    },
  }) satisfies z.ZodType<PortalSession>;

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

  api.post(
    '/accounts/:accountId/portal-sessions',
    {
      config: {
        openapi: {
          tag: 'portal',
          summary: 'Open a requester portal session for a member',
          description:
            'A short-lived signed link (`PLANGATE_PORTAL_SESSION_TTL`, default 1 hour) to the requester portal of one member of the account: the current subscription, the change form with its price preview, submission and the request status. Ask for a new one each time the member opens the portal.',
          body: portalSessionSchema,
          response: { status: 201, description: 'The portal link', schema: portalSessionResponseSchema },
          errors: [400, 404],
        },
      },
    },
    async (request, reply) => {
      const { accountId } = pathIds(request.params, ['accountId']);
      const body = parsePortalSessionBody(request.body);
      if (!options.accounts)
        throw new PlangateError('NOT_CONFIGURED', 'This server has no access to the billing store');
      const snapshot = await options.accounts.loadAccount(accountId);
      if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', `Unknown account ${accountId}`);
      const session = openPortalSession(snapshot, body, options);
      request.log.info({ accountId }, 'portal session opened');
      return reply.code(201).send(session);
    },
  );
}
