// The dev mailbox (only while the built-in SMTP sink runs): what the sink received, as a page, as
// JSON for scripts and tests, and each message's HTML on its own under a sandboxing CSP.
// No auth: the dev stack binds to loopback, and production never passes a sink.
import type { FastifyInstance } from 'fastify';
import type { DevSmtpSink } from '../../../activities/mailer/index.js';
import { html } from '../../../activities/html/html.js';
import { renderDevMailbox } from '../../../activities/mailer/index.js';
import { sendHtml, sendMessagePage } from '../html-reply.js';
import { pickLocale } from '../locale.js';
import { DEV_MAILBOX_CSP, DEV_MESSAGE_CSP } from '../security-headers.js';

export async function devMailRoutes(app: FastifyInstance, options: { sink: DevSmtpSink }): Promise<void> {
  const { sink } = options;

  app.get('/dev/mail', async (request, reply) => {
    const locale = pickLocale(request.query, request.headers['accept-language']);
    void reply.header('Content-Security-Policy', DEV_MAILBOX_CSP);
    return sendHtml(reply, 200, renderDevMailbox(sink.messages(), locale));
  });

  app.get('/dev/mail.json', async () =>
    sink
      .messages()
      .reverse()
      .map(({ id, to, subject, text, html, headers, date }) => ({
        id,
        to,
        subject,
        text,
        html,
        headers,
        date,
      })),
  );

  app.get('/dev/mail/:id', async (request, reply) => {
    const { id } = request.params as { id: string };
    const mail = sink.messages().find((m) => m.id === id);
    const locale = pickLocale(request.query, request.headers['accept-language']);
    if (!mail) return sendMessagePage(reply, 'not_found', locale);
    void reply.header('Content-Security-Policy', DEV_MESSAGE_CSP);
    return sendHtml(reply, 200, mail.html || String(html`<pre>${mail.text}</pre>`));
  });
}
