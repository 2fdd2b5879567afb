// The single layout of every page. All styling lives in one <style> element whose SHA-256 hash the
// Content-Security-Policy names, so the policy can forbid every other style, script and asset.
// No JavaScript anywhere: the pages must work (and decide nothing) without it.
import { createHash } from 'node:crypto';
import type { Locale } from '../../../activities/pricing/types.js';
import { escapeHtml } from './escape.js';

const STYLE = `
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
`;

/** For the Content-Security-Policy: `style-src 'sha256-…'` admits exactly this stylesheet. */
export const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;

export interface LayoutInput {
  locale: Locale;
  title: string;
  body: string;
}

/** `body` is trusted HTML built by the page functions; `title` is escaped here. */
export function layout({ locale, title, body }: LayoutInput): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
<footer>Plangate</footer>
</body>
</html>
`;
}
