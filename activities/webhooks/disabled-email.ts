// The email to support when an endpoint is disabled: what, since when, the last error class, and
// the commands that bring it back. English only (it goes to the vendor's own support team).
import { html, joinHtml, NEWLINE } from '../html/html.js';
import { emailDocument } from '../html/layout.js';
import type { RenderedEmail } from '../mailer/types.js';
import type { DisabledWebhookEndpoint } from '../store/webhook-types.js';

export function renderWebhookDisabledEmail(endpoint: DisabledWebhookEndpoint): RenderedEmail {
  const since = endpoint.failingSince ?? endpoint.disabledAt;
  const lines = [
    'Hello Plangate support,',
    `the webhook endpoint ${endpoint.id} (${endpoint.url}) has been disabled: every delivery attempt failed from ${since} until ${endpoint.disabledAt}.`,
    ...(endpoint.disabledReason ? [`Reason: ${endpoint.disabledReason}.`] : []),
    ...(endpoint.description ? [`Description: ${endpoint.description}`] : []),
    'No events are queued for it while it is disabled; the deliveries it still had are given up.',
    'Once the receiver answers again, turn it back on and send what it missed:',
  ];
  const commands = [
    `plangate webhooks enable ${endpoint.id}`,
    `plangate webhooks redeliver ${endpoint.id} --failed-since ${since}`,
  ];
  const text = [...lines, ...commands.map((command) => `  ${command}`), '', 'Plangate'].join('\n\n');
  const subject = `Webhook endpoint disabled: ${endpoint.id}`;
  const body = joinHtml(
    [
      ...lines.map((line) => html`<p>${line}</p>`),
      ...commands.map((command) => html`<pre style="background:#f5f7fa;padding:8px">${command}</pre>`),
    ],
    NEWLINE,
  );
  const rendered = emailDocument({
    locale: 'en',
    title: subject,
    preheader: lines[1]!,
    body,
    footer: ['Plangate'],
  });
  return { subject, text, html: rendered };
}
