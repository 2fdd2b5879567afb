// The one way Plangate writes HTML: the `html` tagged template of @remix-run/html-template escapes
// every interpolated value (names, notes, reasons, ids, catalog names, URLs) for element content and
// quoted attributes alike. A nested html`` template is already safe and goes in as it is, so pages
// and emails are built from small templates without any call to an escaper.
//
// Never use `html.raw` with an interpolation: the only unescaped text is a literal in our own
// source, through `literalHtml` below, whose type admits no interpolation at all.
//
// Prettier leaves these templates alone (`embeddedLanguageFormatting: off`): reformatting them would
// change whitespace that is content (<pre>, <textarea>, the stylesheet whose hash the CSP names).
import { html, isSafeHtml, type SafeHtml } from '@remix-run/html-template';

export { html, isSafeHtml, type SafeHtml };

/**
 * A fixed piece of markup or CSS written in our source (style attributes, the pages' stylesheet),
 * used unescaped. The tag takes no values: `literalHtml\`${x}\`` does not compile.
 */
export function literalHtml(strings: TemplateStringsArray): SafeHtml {
  return html.raw(strings);
}

/** The separator between block elements, where the markup reads better one per line. */
export const NEWLINE = literalHtml`
`;

/** The parts with a separator between them (`html\`${parts}\`` alone joins them with nothing). */
export function joinHtml(parts: readonly SafeHtml[], separator: SafeHtml): SafeHtml {
  return html`${parts.flatMap((part, i) => (i === 0 ? [part] : [separator, part]))}`;
}
