// GET /status/{token}: a request as the one who follows it sees it (the requester from their emails,
// an approver from the page after their decision). POST: the page's one form, cancel, for those who
// may (workflows/request-states.ts mayCancel); the workflow's validator has the last word.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import { tokenHash } from '../../../activities/mailer/index.js';
import type { Locale } from '../../../activities/pricing/types.js';
import { textsFor, type CatalogNames } from '../../../activities/texts/index.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import { cancellerIn, mayCancel } from '../../../workflows/request-states.js';
import type { PlangateClient } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import type { Csrf } from '../csrf.js';
import { sendHtml, sendMessagePage } from '../html-reply.js';
import { LinkLookupUnavailable, statusLinkAccess, type LinkAccess } from '../link-access.js';
import { pickLocale } from '../locale.js';
import { statusPage } from '../pages/status-page.js';

export interface StatusRoutesOptions {
  client: PlangateClient;
  linkSecret: Uint8Array;
  csrf: Csrf;
  catalog: CatalogNames;
  rateLimit: RequestGuard;
}

const MAX_REASON = 2000;

export async function statusRoutes(pages: FastifyInstance, options: StatusRoutesOptions): Promise<void> {
  const { client, csrf, catalog } = options;
  await pages.register(formbody, { bodyLimit: 16 * 1024 });
  pages.addHook('onRequest', options.rateLimit);

  const tokenOf = (request: FastifyRequest) => (request.params as { token?: string }).token ?? '';
  const localeOf = (request: FastifyRequest): Locale =>
    pickLocale(request.query, request.headers['accept-language']);

  /** The link's access, or null after sending the neutral (or "unavailable") page. */
  async function access(request: FastifyRequest, reply: FastifyReply): Promise<LinkAccess | null> {
    const token = tokenOf(request);
    try {
      const granted = await statusLinkAccess(client, options.linkSecret, token);
      if (!granted) {
        request.log.info({ link: tokenHash(token) }, 'status link refused');
        sendMessagePage(reply, 'neutral', localeOf(request));
      }
      return granted;
    } catch (error) {
      if (!(error instanceof LinkLookupUnavailable)) throw error;
      sendMessagePage(reply, 'unavailable', localeOf(request));
      return null;
    }
  }

  function page(
    request: FastifyRequest,
    reply: FastifyReply,
    view: RequestStatusView,
    subject: string,
    status = 200,
    notice?: { kind: 'ok' | 'error'; text: string },
  ): FastifyReply {
    const cancel = mayCancel(view.state, cancellerIn(view, subject))
      ? { csrf: csrf.fieldFor(tokenOf(request)) }
      : undefined;
    return sendHtml(
      reply,
      status,
      statusPage({
        view,
        locale: localeOf(request),
        catalog,
        ...(cancel ? { cancel } : {}),
        ...(notice ? { notice } : {}),
      }),
    );
  }

  pages.get('/status/:token', async (request, reply) => {
    const granted = await access(request, reply);
    if (!granted) return reply;
    return page(request, reply, granted.view, granted.claims.subject);
  });

  pages.post('/status/:token', async (request, reply) => {
    const granted = await access(request, reply);
    if (!granted) return reply;
    const { claims, view } = granted;
    const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    const log = { requestId: view.requestId, link: tokenHash(tokenOf(request)) };
    if (!csrf.matches(tokenOf(request), form.csrf)) {
      request.log.warn(log, 'status form refused: CSRF field missing or wrong');
      return sendMessagePage(reply, 'csrf', localeOf(request));
    }
    const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, MAX_REASON) : '';
    try {
      const after = await client.cancel(view.accountId, view.requestId, {
        userId: claims.subject,
        channel: 'email_link',
        ...(reason ? { reason } : {}),
      });
      request.log.info(log, 'request cancelled from its status page');
      const text = textsFor(localeOf(request)).page.cancelledNotice;
      return page(request, reply, after, claims.subject, 200, { kind: 'ok', text });
    } catch (error) {
      // Refused (it moved on, or this reader may not cancel it): the page as it is now, with why.
      if (!(error instanceof PlangateError) || error.status >= 500) throw error;
      request.log.info({ ...log, code: error.code }, 'status form: cancel refused');
      const now = await client.getStatus(view.accountId, view.requestId).catch(() => view);
      return page(request, reply, now, claims.subject, 409, { kind: 'error', text: error.message });
    }
  });
}
