// The building blocks of every email. A template is a list of blocks holding plain text; this file
// turns them into the text part and the HTML part, so both always say the same thing. The HTML part
// is built with the html`` template, which escapes every interpolated string.
import { html, joinHtml, literalHtml, NEWLINE, type SafeHtml } from '../../html/html.js';

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

const FONT = literalHtml`font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif`;
const TEXT = html`${FONT};font-size:15px;line-height:1.5;color:#1f2933`;
const CELL = literalHtml`border-bottom:1px solid #e4e7eb;vertical-align:top`;

function tableHtml(block: Extract<Block, { type: 'table' }>): SafeHtml {
  const align = block.numeric ? literalHtml`text-align:right;white-space:nowrap;` : null;
  const rows = block.rows.map((row) => {
    const weight = row.strong ? literalHtml`font-weight:bold;` : null;
    const detail = row.detail
      ? html`<br><span style="font-size:13px;color:#616e7c">${row.detail}</span>`
      : null;
    return html`<tr><td style="padding:6px 8px 6px 0;${CELL};${weight}${TEXT}">${row.label}${detail}</td><td style="padding:6px 0;${CELL};${align}${weight}${TEXT}">${row.value}</td></tr>`;
  });
  return html`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px">${rows}</table>`;
}

function htmlOf(block: Block): SafeHtml {
  switch (block.type) {
    case 'paragraph':
      return html`<p style="margin:0 0 16px;${TEXT}">${block.text}</p>`;
    case 'heading':
      return html`<h2 style="margin:24px 0 8px;${FONT};font-size:17px;color:#1f2933">${block.text}</h2>`;
    case 'quote':
      return html`<p style="margin:0 0 4px;${TEXT}">${block.label}</p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #9aa5b1;background:#f5f7fa;${TEXT};white-space:pre-wrap">${block.text}</blockquote>`;
    case 'note': {
      const colours =
        block.tone === 'warning'
          ? literalHtml`background:#fff8e1;border:1px solid #f0c36d`
          : literalHtml`background:#eef4fb;border:1px solid #b6cde8`;
      return html`<p style="margin:0 0 16px;padding:10px 12px;${colours};${TEXT}">${block.text}</p>`;
    }
    case 'table':
      return tableHtml(block);
    case 'button':
      if (!isWebUrl(block.url)) return html`<p style="margin:0 0 16px;${TEXT}">${block.url}</p>`;
      return html`<p style="margin:24px 0"><a href="${block.url}" style="display:inline-block;padding:12px 22px;background:#1f5fbf;color:#ffffff;text-decoration:none;border-radius:4px;${FONT};font-size:15px;font-weight:bold">${block.label}</a></p>`;
  }
}

export function renderHtmlBody(blocks: Block[]): SafeHtml {
  return joinHtml(blocks.map(htmlOf), NEWLINE);
}
