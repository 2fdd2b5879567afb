// The /dev/mail page: what the dev SMTP sink received, newest first. Each message's HTML runs in a
// sandboxed iframe (no scripts, no same-origin access); its links are listed as ordinary links too,
// because the approval page rightly refuses to be framed. No external assets, no script.
import type { Locale } from '../pricing/types.js';
import { escapeHtml } from './templates/blocks.js';
import type { DevMail } from './dev-smtp-sink.js';

const labels: Record<
  Locale,
  { title: string; empty: string; to: string; from: string; text: string; links: string }
> = {
  de: {
    title: 'Entwicklungs-Postfach',
    empty: 'Noch keine Nachrichten.',
    to: 'An',
    from: 'Von',
    text: 'Textteil',
    links: 'Links',
  },
  en: {
    title: 'Development mailbox',
    empty: 'No messages yet.',
    to: 'To',
    from: 'From',
    text: 'Text part',
    links: 'Links',
  },
};

const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;

function messageHtml(mail: DevMail, l: (typeof labels)['en'], locale: Locale): string {
  const when = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'UTC',
  }).format(new Date(mail.date));
  const links = [...new Set(mail.text.match(URL_IN_TEXT) ?? [])]
    .map(
      (url) =>
        `<li><a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a></li>`,
    )
    .join('');
  const body = mail.html
    ? `<iframe sandbox="" srcdoc="${escapeHtml(mail.html)}" title="${escapeHtml(mail.subject)}" style="width:100%;height:480px;border:1px solid #d9dee4;background:#fff"></iframe>`
    : '';
  return `<article id="mail-${escapeHtml(mail.id)}" style="margin:0 0 28px;padding:16px;background:#fff;border:1px solid #d9dee4;border-radius:6px">
<h2 style="margin:0 0 6px;font-size:17px">${escapeHtml(mail.subject)}</h2>
<p style="margin:0 0 10px;color:#52606d;font-size:13px">${escapeHtml(l.to)}: ${escapeHtml(mail.to.join(', '))} · ${escapeHtml(l.from)}: ${escapeHtml(mail.from)} · <time datetime="${escapeHtml(mail.date)}">${escapeHtml(when)} UTC</time></p>
${links ? `<p style="margin:0 0 4px;font-size:13px">${escapeHtml(l.links)}:</p><ul style="margin:0 0 10px;font-size:13px;word-break:break-all">${links}</ul>` : ''}
${body}
<details style="margin-top:8px"><summary style="cursor:pointer;font-size:13px">${escapeHtml(l.text)}</summary><pre style="white-space:pre-wrap;font-size:13px">${escapeHtml(mail.text)}</pre></details>
</article>`;
}

/** The whole page; the web server serves it at /dev/mail with its usual security headers. */
export function renderDevMailbox(messages: DevMail[], locale: Locale = 'en'): string {
  const l = labels[locale] ?? labels.en;
  const items = [...messages].reverse().map((mail) => messageHtml(mail, l, locale));
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(l.title)} (${messages.length})</title>
</head>
<body style="margin:0;padding:24px;background:#f0f2f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933">
<main style="max-width:820px;margin:0 auto">
<h1 style="font-size:22px;margin:0 0 20px">${escapeHtml(l.title)} (${messages.length})</h1>
${items.length > 0 ? items.join('\n') : `<p>${escapeHtml(l.empty)}</p>`}
</main>
</body>
</html>
`;
}
