// The one HTML shell around every email: a centred 600px card, inline styles, no images or
// external assets (nothing for a client to block or a tracker to hook into).
import type { Locale } from '../../pricing/types.js';
import { escapeHtml } from './blocks.js';

export interface LayoutInput {
  locale: Locale;
  /** The subject, as the document title. */
  title: string;
  /** Shown by many clients next to the subject in the inbox list; hidden in the message itself. */
  preheader: string;
  /** Already rendered (and escaped) body HTML. */
  bodyHtml: string;
  footer: string[];
}

export function layout(input: LayoutInput): string {
  const footer = input.footer.map(escapeHtml).join('<br>');
  return `<!DOCTYPE html>
<html lang="${input.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(input.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f0f2f5">
<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(input.preheader)}</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f0f2f5">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="width:100%;max-width:600px;background:#ffffff;border:1px solid #e4e7eb;border-radius:6px">
<tr><td style="padding:28px 32px">
${input.bodyHtml}
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e4e7eb;font-family:Arial,sans-serif;font-size:12px;line-height:1.5;color:#7b8794">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
