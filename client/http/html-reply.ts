// Sends a rendered page. Pages are whole documents built by pages/*.ts; this only sets the type.
import type { FastifyReply } from 'fastify';
import type { Locale } from '../../activities/pricing/types.js';
import { messagePage, type MessagePageKind } from './pages/message-pages.js';

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

/**
 * The one status of the neutral page, whatever made the link unusable. 410 Gone: the link may have
 * worked once and will not again; a mail scanner reading it learns nothing more.
 */
export const NEUTRAL_STATUS = 410;

const statusOf: Record<MessagePageKind, number> = {
  neutral: NEUTRAL_STATUS,
  payment_required: 402,
  not_recorded: 503,
  csrf: 403,
  unavailable: 503,
  too_many: 429,
  not_found: 404,
};

export function sendMessagePage(
  reply: FastifyReply,
  kind: MessagePageKind,
  locale: Locale,
  status = statusOf[kind],
): FastifyReply {
  return sendHtml(reply, status, messagePage(kind, locale));
}
