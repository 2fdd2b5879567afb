// The /dev/mail page: what the dev SMTP sink received, newest first. Each message's HTML runs in a
// sandboxed iframe (no scripts, no same-origin access); its links are listed as ordinary links too,
// because the approval page rightly refuses to be framed. No external assets, no script.
import { html, joinHtml, NEWLINE, type SafeHtml } from '../html/html.js';
import { devMailboxDocument } from '../html/layout.js';
import type { Locale } from '../pricing/types.js';
import { formatDateTime, textsFor, type DevMailboxTexts } from '../texts/index.js';
import type { DevMail } from './dev-smtp-sink.js';

const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+/g;

function messageHtml(mail: DevMail, l: DevMailboxTexts, locale: Locale): SafeHtml {
  const links = [...new Set(mail.text.match(URL_IN_TEXT) ?? [])].map(
    (url) => html`<li><a href="${url}" target="_blank" rel="noopener noreferrer">${url}</a></li>`,
  );
  // srcdoc is an attribute: the message's HTML goes in escaped, and the frame parses it back.
  const body = mail.html
    ? html`<iframe sandbox="" srcdoc="${mail.html}" title="${mail.subject}" style="width:100%;height:480px;border:1px solid #d9dee4;background:#fff"></iframe>`
    : null;
  const linkList =
    links.length > 0
      ? html`<p style="margin:0 0 4px;font-size:13px">${l.links}:</p><ul style="margin:0 0 10px;font-size:13px;word-break:break-all">${links}</ul>`
      : null;
  return html`<article id="mail-${mail.id}" style="margin:0 0 28px;padding:16px;background:#fff;border:1px solid #d9dee4;border-radius:6px">
<h2 style="margin:0 0 6px;font-size:17px">${mail.subject}</h2>
<p style="margin:0 0 10px;color:#52606d;font-size:13px">${l.to}: ${mail.to.join(', ')} · ${l.from}: ${mail.from} · <time datetime="${mail.date}">${formatDateTime(mail.date, locale, 'seconds')}</time></p>
${linkList}
${body}
<details style="margin-top:8px"><summary style="cursor:pointer;font-size:13px">${l.text}</summary><pre style="white-space:pre-wrap;font-size:13px">${mail.text}</pre></details>
</article>`;
}

/** The whole page; the web server serves it at /dev/mail with its usual security headers. */
export function renderDevMailbox(messages: DevMail[], locale: Locale = 'en'): string {
  const l = textsFor(locale).devMailbox;
  const items = [...messages].reverse().map((mail) => messageHtml(mail, l, locale));
  return devMailboxDocument({
    locale,
    title: `${l.title} (${messages.length})`,
    body: items.length > 0 ? joinHtml(items, NEWLINE) : html`<p>${l.empty}</p>`,
  });
}
