// The one HTML escaper of the web pages: every string that did not come from our own templates
// (names, notes, reasons, ids, catalog names) goes through it, in element content and in quoted
// attribute values alike.
const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}
