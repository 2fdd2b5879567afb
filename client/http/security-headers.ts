// Headers on every response (docs/security.md, "Headers"): no referrer (a link token must never leak to
// another site), no caching (pages show prices and carry CSRF fields), no sniffing, no framing, and
// a Content-Security-Policy that admits our one stylesheet and nothing else: no script, no assets
// (the portal alone admits its own same-origin script file: PORTAL_CSP).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_STYLE_HASH } from '../../activities/html/layout.js';

export const PAGE_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The requester portal: the page policy plus the portal's one script file and its preview fetches,
 * both same-origin. Still no inline script, no third-party asset, no eval.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  `style-src '${PAGE_STYLE_HASH}'`,
  "script-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Dev mailbox only: mails use inline style attributes and its list shows them in sandboxed frames. */
export const DEV_MAILBOX_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** One stored email shown on its own: sandboxed (no script, no same-origin, no forms). */
export const DEV_MESSAGE_CSP = `${DEV_MAILBOX_CSP}; sandbox`;

export async function securityHeaders(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  if (!reply.hasHeader('content-security-policy')) void reply.header('Content-Security-Policy', PAGE_CSP);
  void reply.header('Referrer-Policy', 'no-referrer');
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header('X-Frame-Options', 'DENY');
  void reply.header('Cache-Control', 'no-store');
  void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  void reply.header('Cross-Origin-Resource-Policy', 'same-origin');
  return payload;
}
