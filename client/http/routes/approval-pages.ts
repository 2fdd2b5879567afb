// GET and POST /approve/{token}: the link in the approval email is the credential. GET only reads
// (mail scanners and link previews fetch it); POST needs the CSRF field of the GET page and a click.
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestLinkUrl, tokenHash, verifyLinkToken } from '../../../activities/mailer/index.js';
import type { Locale } from '../../../activities/pricing/types.js';
import { textsFor, type CatalogNames } from '../../../activities/texts/index.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import type { PlangateClient } from '../../plangate-client.js';
import { PlangateError } from '../../plangate-error.js';
import type { Csrf } from '../csrf.js';
import { sendHtml, sendMessagePage } from '../html-reply.js';
import { approvalLinkAccess, LinkLookupUnavailable, type LinkAccess } from '../link-access.js';
import { pickLocale } from '../locale.js';
import { approvalPage } from '../pages/approval-page.js';
import { resultPage, type ResultPageInput } from '../pages/message-pages.js';
import type { RequestGuard } from '../request-guard.js';

export interface ApprovalRoutesOptions {
  client: PlangateClient;
  linkSecret: Uint8Array;
  /** The configured public base URL: the status link on the result page starts with it. */
  publicUrl: string;
  csrf: Csrf;
  catalog: CatalogNames;
  rateLimit: RequestGuard;
}

const MAX_REASON = 2000;

/** The workflow's refusals that mean "this link cannot decide": all get the neutral page. */
const linkRefusals = new Set([
  'STALE_LINK',
  'REQUEST_NOT_OPEN',
  'NOT_AN_APPROVER',
  'REQUEST_NOT_FOUND',
  'INVALID_INPUT',
  'UNKNOWN_ACCOUNT',
]);

function tokenOf(request: FastifyRequest): string {
  return (request.params as { token?: string }).token ?? '';
}

function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.query, request.headers['accept-language']);
}

export async function approvalRoutes(pages: FastifyInstance, options: ApprovalRoutesOptions): Promise<void> {
  const { client, linkSecret, csrf, catalog } = options;
  // Only here: the approval form is the one place that accepts urlencoded bodies.
  await pages.register(formbody, { bodyLimit: 16 * 1024 });
  pages.addHook('onRequest', options.rateLimit);

  /** The link's access, or null after sending the neutral (or "unavailable") page. */
  async function access(request: FastifyRequest, reply: FastifyReply): Promise<LinkAccess | null> {
    const token = tokenOf(request);
    try {
      const granted = await approvalLinkAccess(client, linkSecret, token);
      if (!granted) {
        request.log.info({ link: tokenHash(token) }, 'approval link refused');
        sendMessagePage(reply, 'neutral', localeOf(request));
      }
      return granted;
    } catch (error) {
      if (!(error instanceof LinkLookupUnavailable)) throw error;
      request.log.warn({ link: tokenHash(token) }, 'approval page: request could not be loaded');
      sendMessagePage(reply, 'unavailable', localeOf(request));
      return null;
    }
  }

  function formPage(
    request: FastifyRequest,
    reply: FastifyReply,
    granted: LinkAccess,
    status: number,
    extra: { error?: string; reason?: string } = {},
  ): FastifyReply {
    return sendHtml(
      reply,
      status,
      approvalPage({
        view: granted.view,
        approverName: granted.name,
        ...(granted.onBehalfOf ? { onBehalfOf: true } : {}),
        csrf: csrf.fieldFor(tokenOf(request)),
        locale: localeOf(request),
        catalog,
        ...extra,
      }),
    );
  }

  pages.get('/approve/:token', async (request, reply) => {
    const granted = await access(request, reply);
    if (!granted) return reply;
    request.log.info(
      { requestId: granted.view.requestId, link: tokenHash(tokenOf(request)) },
      'approval page shown',
    );
    return formPage(request, reply, granted, 200);
  });

  // The POST asks the workflow straight away: its Update validator checks state, round, nonce and
  // approver atomically, so a pre-read would only add a round trip (and hang without a worker).
  // The request is read only to show the form again or to tell a bad form from a dead link.
  pages.post('/approve/:token', async (request, reply) => {
    const token = tokenOf(request);
    const locale = localeOf(request);
    const m = textsFor(locale).page;
    const claims = verifyLinkToken(token, linkSecret, new Date(), 'approve');
    if (claims?.purpose !== 'approve') {
      request.log.info({ link: tokenHash(token) }, 'approval link refused');
      return sendMessagePage(reply, 'neutral', locale);
    }
    const log = { requestId: claims.requestId, link: tokenHash(token) };
    const form = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    const reason = typeof form.reason === 'string' ? form.reason.trim() : '';
    const decision = form.decision;

    if (!csrf.matches(token, form.csrf)) {
      // A dead link stays a dead link, whatever the form says.
      const granted = await access(request, reply);
      if (!granted) return reply;
      request.log.warn(log, 'approval form refused: CSRF field missing or wrong');
      return sendMessagePage(reply, 'csrf', locale);
    }
    const problem =
      decision !== 'approve' && decision !== 'reject'
        ? m.decisionInvalid
        : decision === 'reject' && reason === ''
          ? m.reasonRequired
          : reason.length > MAX_REASON
            ? m.reasonTooLong
            : undefined;
    const again = async (error: string) => {
      const granted = await access(request, reply);
      if (!granted) return reply;
      return formPage(request, reply, granted, 400, { error, reason: reason.slice(0, MAX_REASON) });
    };
    if (problem !== undefined || (decision !== 'approve' && decision !== 'reject')) {
      request.log.info(log, 'approval form refused: incomplete');
      return again(problem ?? m.decisionInvalid);
    }

    try {
      const after = await client.decide(claims.accountId, claims.requestId, {
        approverId: claims.subject,
        ...(claims.onBehalfOf ? { onBehalfOf: claims.onBehalfOf } : {}),
        decision,
        ...(reason ? { reason } : {}),
        channel: 'email_link',
        link: { round: claims.round, nonce: claims.nonce, stage: claims.stage },
      });
      request.log.info({ ...log, decision, state: after.state }, 'decision recorded from approval link');
      return sendHtml(
        reply,
        200,
        resultPage({
          locale,
          decision,
          ...whatNext(after, claims.stage),
          ...(reason ? { reason } : {}),
          statusUrl: requestLinkUrl(
            { secret: linkSecret, publicUrl: options.publicUrl },
            { purpose: 'status' },
            after,
            { userId: claims.subject, locale },
          ),
        }),
      );
    } catch (error) {
      const code = error instanceof PlangateError ? error.code : 'UNEXPECTED';
      request.log.warn({ ...log, code }, 'decision from approval link not recorded');
      if (error instanceof PlangateError) {
        if (linkRefusals.has(error.code)) return sendMessagePage(reply, 'neutral', locale);
        if (error.code === 'PAYMENT_METHOD_REQUIRED')
          return sendMessagePage(reply, 'payment_required', locale);
        if (error.code === 'INVALID_DECISION') return again(m.reasonRequired);
        if (error.status < 500 && error.code !== 'NOT_RECORDED')
          return sendMessagePage(reply, 'neutral', locale);
      }
      // NOT_RECORDED, Temporal unreachable, anything unforeseen: say plainly that nothing was saved.
      return sendMessagePage(reply, 'not_recorded', locale);
    }
  });
}

/**
 * What happens next, from the view the decision answered with: applied or being applied, support
 * review, a scheduled date, or still waiting: for more approvals in this stage ("1 of 2"), or in the
 * next stage when this approval completed the one the link was sent for.
 */
function whatNext(view: RequestStatusView, linkStage: number): Omit<ResultPageInput, 'locale' | 'decision'> {
  const base = {
    supportReview: view.state === 'pending_support_review',
    ...(view.state === 'applied' ? { applied: true } : {}),
    ...(view.state === 'scheduled' && view.scheduledChangeAt
      ? { scheduledChangeAt: view.scheduledChangeAt }
      : {}),
  };
  if (view.state !== 'pending_approval') return base;
  const index = view.approvals?.findIndex((s) => s.status === 'current') ?? -1;
  const stage = view.approvals?.[index];
  const progress = { given: stage?.approvedBy.length ?? 0, needed: stage?.needed ?? 1 };
  if (stage && index > linkStage) return { ...base, nextStage: { name: stage.stage, ...progress } };
  return { ...base, stillWaiting: progress };
}
