// The requester portal (docs/http-api.md, Portal sessions): /portal/{session token}, opened from a portal session
// the host app asked for. The session token is the credential (like an approval link); every POST
// also needs the CSRF field of a page of the same session. A session asks, previews, submits and
// withdraws as its member; it never decides an approval (there is no route here that could).
// Expired, tampered and unknown sessions all get the neutral page of dead approval links.
import formbody from '@fastify/formbody';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tokenHash, verifyLinkToken, type PortalClaims } from '../../../activities/mailer/index.js';
import type { Catalog, Locale, Quote } from '../../../activities/pricing/types.js';
import { approversAmong } from '../../../activities/store/roles.js';
import type { AccountSnapshot, BillingStore, Member, Subscription } from '../../../activities/store/types.js';
import { textsFor } from '../../../activities/texts/index.js';
import type { FieldProblem } from '../../../workflows/request-errors.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import type { PlangateClient } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import type { Csrf } from '../csrf.js';
import { sendHtml, sendMessagePage } from '../html-reply.js';
import { pickLocale } from '../locale.js';
import {
  otherProductChoices,
  PORTAL_SCRIPT_PATH,
  portalPage,
  portalRequestPage,
  type PortalPageInput,
} from '../pages/portal-page.js';
import { statusSections } from '../pages/status-page.js';
import {
  currentValues,
  formFieldOf,
  MAX_NOTE,
  parsePortalForm,
  type ParsedPortalForm,
} from '../portal/portal-form.js';
import type { RequestGuard } from '../request-guard.js';
import { PORTAL_CSP } from '../security-headers.js';
import { cancellerIn, mayCancel } from '../../../workflows/request-states.js';

export interface PortalRoutesOptions {
  client: PlangateClient;
  accounts: Pick<BillingStore, 'loadAccount'> | undefined;
  linkSecret: Uint8Array;
  csrf: Csrf;
  catalog: Catalog;
  rateLimit: RequestGuard;
}

/** A live session: its claims, the account as stored now, and the member it is for. */
interface Session {
  token: string;
  claims: PortalClaims;
  snapshot: AccountSnapshot;
  member: Member;
  subscription: Subscription;
  locale: Locale;
}

/** The script file beside the sources (tsx) or above dist/ (built): read once, served as it is. */
function loadScript(): string {
  for (const candidate of ['../static/portal.js', '../../../../client/http/static/portal.js']) {
    try {
      return readFileSync(fileURLToPath(new URL(candidate, import.meta.url)), 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('client/http/static/portal.js is missing');
}

const OPEN_LOOKUP_CODES = new Set(['REQUEST_NOT_FOUND', 'INVALID_INPUT', 'UNKNOWN_ACCOUNT']);

export async function portalRoutes(pages: FastifyInstance, options: PortalRoutesOptions): Promise<void> {
  const { client, csrf, catalog } = options;
  const script = loadScript();
  await pages.register(formbody, { bodyLimit: 16 * 1024 });
  pages.addHook('onRequest', options.rateLimit);
  pages.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('Content-Security-Policy', PORTAL_CSP);
    return payload;
  });

  pages.get(PORTAL_SCRIPT_PATH, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').send(script),
  );

  const neutral = (request: FastifyRequest, reply: FastifyReply) =>
    sendMessagePage(reply, 'neutral', pickLocale(request.query, request.headers['accept-language']));

  /** The session, or null after sending the neutral (or "unavailable") page. */
  async function session(request: FastifyRequest, reply: FastifyReply): Promise<Session | null> {
    const token = (request.params as { token?: string }).token ?? '';
    const claims = verifyLinkToken(token, options.linkSecret, new Date(), 'portal');
    let snapshot: AccountSnapshot | null = null;
    if (claims?.purpose === 'portal') {
      try {
        snapshot = (await options.accounts?.loadAccount(claims.accountId)) ?? null;
      } catch {
        sendMessagePage(reply, 'unavailable', pickLocale(request.query, request.headers['accept-language']));
        return null;
      }
    }
    const member = snapshot?.members.find((m) => m.userId === claims?.subject);
    const subscription = snapshot?.subscriptions[0];
    if (claims?.purpose !== 'portal' || !snapshot || !member || !subscription) {
      request.log.info({ link: tokenHash(token) }, 'portal session refused');
      neutral(request, reply);
      return null;
    }
    const lang = (request.query as { lang?: unknown } | undefined)?.lang;
    const locale = lang === 'de' || lang === 'en' ? lang : (claims.locale ?? member.locale);
    return { token, claims, snapshot, member, subscription, locale };
  }

  /** The CSRF field of this session's pages; a refusal gets the "form expired" page. */
  function csrfMatches(s: Session, request: FastifyRequest, reply: FastifyReply): boolean {
    const form = (request.body ?? {}) as Record<string, unknown>;
    if (csrf.matches(s.token, form.csrf)) return true;
    request.log.warn({ link: tokenHash(s.token) }, 'portal form refused: CSRF field missing or wrong');
    sendMessagePage(reply, 'csrf', s.locale);
    return false;
  }

  /** What every portal page shows of its session: header, links and the CSRF field. */
  function sessionParts(s: Session) {
    return {
      locale: s.locale,
      account: s.snapshot.account,
      member: s.member,
      ...(s.claims.returnUrl ? { returnUrl: s.claims.returnUrl } : {}),
      token: s.token,
      csrf: csrf.fieldFor(s.token),
    };
  }

  function pageInput(
    s: Session,
    form: Pick<PortalPageInput, 'values' | 'problems'> & Partial<PortalPageInput>,
  ): PortalPageInput {
    return {
      ...sessionParts(s),
      catalog,
      terms: s.subscription,
      subscribedProducts: s.snapshot.subscriptions.map((sub) => sub.product),
      approvers: approversAmong(s.snapshot.members).filter((m) => m.userId !== s.member.userId),
      ...form,
    };
  }

  function parsed(s: Session, body: unknown): ParsedPortalForm {
    const product = catalog.products[s.subscription.product];
    return parsePortalForm(
      body,
      s.subscription,
      {
        plans: Object.keys(product?.plans ?? {}),
        addOns: [...new Set(Object.values(product?.plans ?? {}).flatMap((p) => p.addOns))],
        otherProducts: otherProductChoices(
          catalog,
          s.snapshot.subscriptions.map((sub) => sub.product),
        ),
      },
      textsFor(s.locale).portal,
    );
  }

  /** A refusal's problems on the form's fields; what belongs to none goes above the preview. */
  function problemsOf(error: PlangateError): FieldProblem[] {
    const problems = error.extra.problems ?? [];
    if (problems.length === 0) return [{ field: '', message: error.message }];
    return problems.map((p) => ({ field: formFieldOf(p.field), message: p.message }));
  }

  /** The form with its preview: the quote of what was filled in, or why there is none. */
  async function previewReply(s: Session, form: ParsedPortalForm, reply: FastifyReply, status = 200) {
    const t = textsFor(s.locale).portal;
    if (form.problems.length > 0)
      return sendHtml(reply, 400, portalPage(pageInput(s, { values: form.values, problems: form.problems })));
    if (Object.keys(form.changes).length === 0)
      return sendHtml(
        reply,
        status,
        portalPage(pageInput(s, { values: form.values, problems: [], hint: t.nothingChanged })),
      );
    let quote: Quote;
    try {
      quote = await client.quote({
        accountId: s.claims.accountId,
        requestedBy: s.member.userId,
        changes: form.changes,
      });
    } catch (error) {
      if (!(error instanceof PlangateError) || error.status >= 500) throw error;
      return sendHtml(
        reply,
        400,
        portalPage(pageInput(s, { values: form.values, problems: problemsOf(error) })),
      );
    }
    return sendHtml(reply, status, portalPage(pageInput(s, { values: form.values, problems: [], quote })));
  }

  async function openRequest(s: Session): Promise<RequestStatusView | undefined> {
    const requestId = await client.openRequestId(s.claims.accountId);
    if (!requestId) return undefined;
    try {
      const view = await client.getStatus(s.claims.accountId, requestId);
      return view.open ? view : undefined;
    } catch (error) {
      if (error instanceof PlangateError && OPEN_LOOKUP_CODES.has(error.code)) return undefined;
      throw error;
    }
  }

  function requestPage(
    s: Session,
    view: RequestStatusView,
    reply: FastifyReply,
    notice?: { tone: 'ok' | 'error'; text: string },
    status = 200,
  ) {
    const t = textsFor(s.locale).portal;
    const mayWithdraw = mayCancel(view.state, cancellerIn(view, s.member.userId));
    return sendHtml(
      reply,
      status,
      portalRequestPage({
        ...sessionParts(s),
        sections: statusSections({ view, locale: s.locale, catalog }, t.requestTitle),
        requestId: view.requestId,
        open: view.open,
        mayWithdraw,
        ...(notice ? { notice } : {}),
      }),
    );
  }

  pages.get('/portal/:token', async (request, reply) => {
    const s = await session(request, reply);
    if (!s) return reply;
    const open = await openRequest(s);
    if (open) return requestPage(s, open, reply);
    const [last] = await client.listRequests({ accountId: s.claims.accountId, limit: 1 }).catch(() => []);
    return sendHtml(
      reply,
      200,
      portalPage(
        pageInput(s, {
          values: currentValues(s.subscription),
          problems: [],
          ...(last ? { lastRequest: { requestId: last.requestId, state: last.status } } : {}),
        }),
      ),
    );
  });

  // The "Preview" button without JavaScript, and portal.js as the form changes: the same page.
  pages.post('/portal/:token/preview', async (request, reply) => {
    const s = await session(request, reply);
    if (!s || !csrfMatches(s, request, reply)) return reply;
    return previewReply(s, parsed(s, request.body), reply);
  });

  pages.post('/portal/:token/submit', async (request, reply) => {
    const s = await session(request, reply);
    if (!s || !csrfMatches(s, request, reply)) return reply;
    const form = parsed(s, request.body);
    if (form.problems.length > 0 || Object.keys(form.changes).length === 0)
      return previewReply(s, form, reply, 400);
    const base = `/portal/${s.token}`;
    const note = form.values.note.trim().slice(0, MAX_NOTE);
    try {
      const accepted = await client.submitChangeRequest({
        accountId: s.claims.accountId,
        requestedBy: s.member.userId,
        changes: form.changes,
        ...(note ? { note } : {}),
        locale: s.locale,
        // The portal is a face of the API: the timeline's channels are the workflow's (api, email_link, cli).
        channel: 'api',
      });
      request.log.info(
        { requestId: accepted.requestId, accountId: s.claims.accountId },
        'portal request submitted',
      );
      return reply.redirect(`${base}/requests/${accepted.requestId}`, 303);
    } catch (error) {
      if (!(error instanceof PlangateError)) throw error;
      request.log.info({ code: error.code, link: tokenHash(s.token) }, 'portal submission refused');
      if (error.code === 'REQUEST_ALREADY_OPEN') return reply.redirect(base, 303);
      const t = textsFor(s.locale).portal;
      const failure =
        error.status >= 500
          ? { error: t.submitFailed }
          : error.code === 'FORBIDDEN_ROLE'
            ? { error: t.forbidden }
            : { problems: problemsOf(error) };
      return sendHtml(
        reply,
        error.status >= 500 ? 503 : 400,
        portalPage(pageInput(s, { values: form.values, problems: [], ...failure })),
      );
    }
  });

  pages.get('/portal/:token/requests/:requestId', async (request, reply) => {
    const s = await session(request, reply);
    if (!s) return reply;
    const view = await requestOfSession(s, request);
    if (!view) return neutral(request, reply);
    return requestPage(s, view, reply);
  });

  pages.post('/portal/:token/requests/:requestId/withdraw', async (request, reply) => {
    const s = await session(request, reply);
    if (!s || !csrfMatches(s, request, reply)) return reply;
    const view = await requestOfSession(s, request);
    if (!view) return neutral(request, reply);
    const t = textsFor(s.locale).portal;
    try {
      const after = await client.cancel(s.claims.accountId, view.requestId, {
        userId: s.member.userId,
        channel: 'api',
      });
      request.log.info({ requestId: view.requestId }, 'portal request withdrawn');
      return requestPage(s, after, reply, { tone: 'ok', text: t.withdrawn });
    } catch (error) {
      if (!(error instanceof PlangateError)) throw error;
      request.log.info({ requestId: view.requestId, code: error.code }, 'portal withdrawal refused');
      const now = await requestOfSession(s, request).catch(() => view);
      return requestPage(
        s,
        now ?? view,
        reply,
        { tone: 'error', text: t.withdrawFailed },
        error.status >= 500 ? 503 : 409,
      );
    }
  });

  /** The request named in the path, if it is this session's account's. */
  async function requestOfSession(
    s: Session,
    request: FastifyRequest,
  ): Promise<RequestStatusView | undefined> {
    const requestId = (request.params as { requestId?: string }).requestId ?? '';
    try {
      return await client.getStatus(s.claims.accountId, requestId);
    } catch (error) {
      if (error instanceof PlangateError && error.status < 500) return undefined;
      throw error;
    }
  }
}
