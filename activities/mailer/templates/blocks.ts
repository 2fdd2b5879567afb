// The building blocks of every email. A template is a list of blocks holding plain text; this file
// turns them into the text part and the HTML part, so both always say the same thing and every
// interpolated string is escaped in exactly one place.

export type Block =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  /** Someone's own words (the requester's note, a rejection reason), set apart and quoted. */
  | { type: 'quote'; label: string; text: string }
  | { type: 'note'; text: string; tone: 'info' | 'warning' }
  | { type: 'table'; rows: TableRow[]; numeric?: boolean }
  | { type: 'button'; label: string; url: string };

export interface TableRow {
  label: string;
  /** Secondary text under the label (a service period). */
  detail?: string;
  value: string;
  strong?: boolean;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Only absolute http(s) links become buttons; anything else (javascript:, data:) is shown as text. */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(url);
}

// ---- text ----

function textOf(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return block.text;
    case 'heading':
      return `${block.text}\n${'-'.repeat(Math.min(block.text.length, 60))}`;
    case 'quote':
      return `${block.label}\n${block.text
        .split(/\r?\n/)
        .map((line) => `> ${line}`)
        .join('\n')}`;
    case 'note':
      return block.tone === 'warning' ? `! ${block.text}` : block.text;
    case 'table':
      return block.rows
        .map((row) => `${row.label}${row.detail ? ` (${row.detail})` : ''}: ${row.value}`)
        .join('\n');
    case 'button':
      return `${block.label}:\n${block.url}`;
  }
}

export function renderText(blocks: Block[], footer: string[]): string {
  return `${[...blocks.map(textOf), `-- \n${footer.join('\n')}`].join('\n\n')}\n`;
}

// ---- HTML (inline styles only: many mail clients drop <style> and never load external CSS) ----

const FONT = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
const TEXT = `${FONT};font-size:15px;line-height:1.5;color:#1f2933`;

function htmlOf(block: Block): string {
  switch (block.type) {
    case 'paragraph':
      return `<p style="margin:0 0 16px;${TEXT}">${escapeHtml(block.text)}</p>`;
    case 'heading':
      return `<h2 style="margin:24px 0 8px;${FONT};font-size:17px;color:#1f2933">${escapeHtml(block.text)}</h2>`;
    case 'quote':
      return (
        `<p style="margin:0 0 4px;${TEXT}">${escapeHtml(block.label)}</p>` +
        `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #9aa5b1;background:#f5f7fa;${TEXT};white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`
      );
    case 'note': {
      const colours =
        block.tone === 'warning'
          ? 'background:#fff8e1;border:1px solid #f0c36d'
          : 'background:#eef4fb;border:1px solid #b6cde8';
      return `<p style="margin:0 0 16px;padding:10px 12px;${colours};${TEXT}">${escapeHtml(block.text)}</p>`;
    }
    case 'table': {
      const rows = block.rows
        .map((row) => {
          const weight = row.strong ? 'font-weight:bold;' : '';
          const detail = row.detail
            ? `<br><span style="font-size:13px;color:#616e7c">${escapeHtml(row.detail)}</span>`
            : '';
          const align = block.numeric ? 'text-align:right;white-space:nowrap;' : '';
          return (
            `<tr><td style="padding:6px 8px 6px 0;border-bottom:1px solid #e4e7eb;vertical-align:top;${weight}${TEXT}">${escapeHtml(row.label)}${detail}</td>` +
            `<td style="padding:6px 0;border-bottom:1px solid #e4e7eb;vertical-align:top;${align}${weight}${TEXT}">${escapeHtml(row.value)}</td></tr>`
          );
        })
        .join('');
      return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px">${rows}</table>`;
    }
    case 'button':
      if (!isWebUrl(block.url)) return `<p style="margin:0 0 16px;${TEXT}">${escapeHtml(block.url)}</p>`;
      return (
        `<p style="margin:24px 0">` +
        `<a href="${escapeHtml(block.url)}" style="display:inline-block;padding:12px 22px;background:#1f5fbf;color:#ffffff;text-decoration:none;border-radius:4px;${FONT};font-size:15px;font-weight:bold">${escapeHtml(block.label)}</a>` +
        `</p>`
      );
  }
}

export function renderHtmlBody(blocks: Block[]): string {
  return blocks.map(htmlOf).join('\n');
}
