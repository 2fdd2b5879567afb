// GET /status/{token}: the requester's read-only status page, linked from every mail to them.
import type { FastifyInstance } from 'fastify';
import type { RequestGuard } from '../request-guard.js';
import { tokenHash } from '../../../activities/mailer/index.js';
import type { CatalogNames } from '../../../activities/texts/index.js';
import type { PlangateClient } from '../../plangate-client.js';
import { sendHtml, sendMessagePage } from '../html-reply.js';
import { LinkLookupUnavailable, statusLinkAccess } from '../link-access.js';
import { pickLocale } from '../locale.js';
import { statusPage } from '../pages/status-page.js';

export interface StatusRoutesOptions {
  client: PlangateClient;
  linkSecret: Uint8Array;
  catalog: CatalogNames;
  rateLimit: RequestGuard;
}

export async function statusRoutes(pages: FastifyInstance, options: StatusRoutesOptions): Promise<void> {
  pages.addHook('onRequest', options.rateLimit);

  pages.get('/status/:token', async (request, reply) => {
    const token = (request.params as { token?: string }).token ?? '';
    const locale = pickLocale(request.query, request.headers['accept-language']);
    let granted;
    try {
      granted = await statusLinkAccess(options.client, options.linkSecret, token);
    } catch (error) {
      if (!(error instanceof LinkLookupUnavailable)) throw error;
      return sendMessagePage(reply, 'unavailable', locale);
    }
    if (!granted) {
      request.log.info({ link: tokenHash(token) }, 'status link refused');
      return sendMessagePage(reply, 'neutral', locale);
    }
    return sendHtml(reply, 200, statusPage({ view: granted.view, locale, catalog: options.catalog }));
  });
}
