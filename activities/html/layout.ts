// The HTML documents Plangate serves and sends, one skeleton in three variants:
// - email: inline styles and table layout only (many mail clients drop <style>, ignore flexbox and
//   never load external CSS), a centred 600px card, no images or external assets;
// - page: the approval, status and message pages. All styling lives in one <style> element whose
//   SHA-256 hash the Content-Security-Policy names, so the policy forbids every other style, script
//   and asset. No JavaScript: the pages must work (and decide nothing) without it;
// - dev mailbox: /dev/mail, inline styles (its own, looser CSP in client/http/security-headers.ts).
// Each takes its body as SafeHtml (built with html``) and returns the finished document.
import { createHash } from 'node:crypto';
import type { Locale } from '../pricing/types.js';
import { html, joinHtml, literalHtml, type SafeHtml } from './html.js';

interface DocumentParts {
  locale: Locale;
  title: string;
  /** <meta> elements after charset and viewport. */
  meta: SafeHtml;
  /** What follows the title in <head> (the pages' stylesheet). */
  afterTitle?: SafeHtml;
  /** Attributes of <body>, with their leading space. */
  bodyAttributes?: SafeHtml;
  body: SafeHtml;
}

function htmlDocument(parts: DocumentParts): string {
  return String(html`<!DOCTYPE html>
<html lang="${parts.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${parts.meta}
<title>${parts.title}</title>
${parts.afterTitle}</head>
<body${parts.bodyAttributes}>
${parts.body}
</body>
</html>
`);
}

// ---- email ----

export interface EmailDocumentInput {
  locale: Locale;
  /** The subject, as the document title. */
  title: string;
  /** Shown by many clients next to the subject in the inbox list; hidden in the message itself. */
  preheader: string;
  body: SafeHtml;
  footer: string[];
}

export function emailDocument(input: EmailDocumentInput): string {
  const footer = joinHtml(
    input.footer.map((line) => html`${line}`),
    literalHtml`<br>`,
  );
  return htmlDocument({
    locale: input.locale,
    title: input.title,
    meta: literalHtml`<meta name="color-scheme" content="light">`,
    bodyAttributes: literalHtml` style="margin:0;padding:0;background:#f0f2f5"`,
    body: html`<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${input.preheader}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f0f2f5">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e4e7eb;border-radius:6px">
<tr><td style="padding:28px 32px">
${input.body}
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e4e7eb;font-family:Arial,sans-serif;font-size:12px;line-height:1.5;color:#7b8794">${footer}</td></tr>
</table>
</td></tr>
</table>`,
  });
}

// ---- page ----

const PAGE_STYLE = literalHtml`
*{box-sizing:border-box}
body{margin:0;background:#f4f6f8;color:#1f2933;font:16px/1.5 -apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif}
main{max-width:640px;margin:0 auto;padding:16px}
.card{background:#fff;border:1px solid #d9dee4;border-radius:8px;padding:16px 18px;margin:0 0 16px}
h1{font-size:1.4rem;line-height:1.25;margin:0 0 12px}
h2{font-size:1.05rem;margin:0 0 8px}
p{margin:0 0 10px}
table{width:100%;border-collapse:collapse;font-size:.95rem}
th,td{text-align:left;padding:6px 4px;border-bottom:1px solid #eef1f4;vertical-align:top}
td.num,th.num{text-align:right;white-space:nowrap}
td.val{text-align:right}
tr.total td{font-weight:700;border-bottom:0}
.muted{color:#52606d;font-size:.9rem}
.arrow{color:#52606d;padding:0 4px}
blockquote{margin:0 0 10px;padding:8px 12px;border-left:4px solid #9aa5b1;background:#f8f9fa;white-space:pre-wrap;overflow-wrap:anywhere}
.note{padding:10px 12px;border-radius:6px;margin:0 0 12px;background:#e8f1fb;border:1px solid #b6d2f0}
.warning{padding:10px 12px;border-radius:6px;margin:0 0 12px;background:#fff4e5;border:1px solid #f0c987}
.error{padding:10px 12px;border-radius:6px;margin:0 0 12px;background:#fdecea;border:1px solid #f1a9a0}
.ok{padding:10px 12px;border-radius:6px;margin:0 0 12px;background:#e9f7ef;border:1px solid #a3d9b8}
label{display:block;font-weight:600;margin:0 0 6px}
textarea{width:100%;min-height:90px;font:inherit;padding:8px;border:1px solid #9aa5b1;border-radius:6px}
.buttons{display:flex;flex-wrap:wrap;gap:12px;margin-top:12px}
button{flex:1 1 140px;font:inherit;font-weight:700;padding:12px 16px;border-radius:6px;border:0;cursor:pointer}
button.approve{background:#1b7f3b;color:#fff}
button.reject{background:#fff;color:#a61b1b;border:2px solid #a61b1b}
ol.timeline{padding-left:20px;margin:0}
ol.timeline li{margin:0 0 8px}
.state{display:inline-block;padding:2px 10px;border-radius:12px;background:#eef1f4;font-weight:600}
footer{color:#52606d;font-size:.8rem;text-align:center;padding:8px 0 24px}
main.wide{max-width:1040px}
.columns{display:grid;gap:0 16px;grid-template-columns:minmax(0,1fr)}
@media (min-width:900px){.columns{grid-template-columns:minmax(0,3fr) minmax(0,2fr)}.columns>.side{position:sticky;top:16px;align-self:start}}
fieldset{border:0;padding:0;margin:0 0 16px;min-width:0}
legend{font-weight:600;padding:0;margin:0 0 6px}
input[type=number],select{width:100%;font:inherit;padding:8px;border:1px solid #9aa5b1;border-radius:6px;background:#fff;margin:0 0 10px}
.choice{display:flex;gap:8px;align-items:flex-start;font-weight:400;margin:0 0 6px}
.choice input{margin-top:5px}
[aria-invalid=true]{border-color:#a61b1b;outline:1px solid #a61b1b}
.field-error{color:#a61b1b;font-size:.9rem;font-weight:600;margin:4px 0 0}
.field-error:empty{display:none}
button.secondary{background:#fff;color:#1f2933;border:2px solid #52606d}
button.primary{background:#1d5fa8;color:#fff}
.live-hint{display:none}
html.live .live-hint{display:block}
a.back{display:inline-block;margin:0 0 12px}
`;

/** For the Content-Security-Policy: `style-src 'sha256-…'` admits exactly the pages' stylesheet. */
export const PAGE_STYLE_HASH = `sha256-${createHash('sha256').update(String(PAGE_STYLE)).digest('base64')}`;

export interface PageDocumentInput {
  locale: Locale;
  title: string;
  body: SafeHtml;
  /**
   * A same-origin script file (the portal's progressive enhancement). Never inline: the portal's
   * Content-Security-Policy admits scripts from 'self' only, and every other page admits none.
   */
  scriptSrc?: string;
  /** Two columns on a desktop (the portal's form beside its preview). */
  wide?: boolean;
}

export function pageDocument({ locale, title, body, scriptSrc, wide }: PageDocumentInput): string {
  const script = scriptSrc
    ? html`<script src="${scriptSrc}" defer></script>
`
    : null;
  return htmlDocument({
    locale,
    title,
    meta: literalHtml`<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">`,
    afterTitle: html`<style>${PAGE_STYLE}</style>
${script}`,
    body: html`<main${wide ? literalHtml` class="wide"` : null}>
${body}
</main>
<footer>Plangate</footer>`,
  });
}

// ---- dev mailbox ----

export interface DevMailboxDocumentInput {
  locale: Locale;
  /** The page title, also its heading. */
  title: string;
  body: SafeHtml;
}

export function devMailboxDocument({ locale, title, body }: DevMailboxDocumentInput): string {
  return htmlDocument({
    locale,
    title,
    meta: literalHtml`<meta name="referrer" content="no-referrer">`,
    bodyAttributes: literalHtml` style="margin:0;padding:24px;background:#f0f2f5;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1f2933"`,
    body: html`<main style="max-width:820px;margin:0 auto">
<h1 style="font-size:22px;margin:0 0 20px">${title}</h1>
${body}
</main>`,
  });
}
