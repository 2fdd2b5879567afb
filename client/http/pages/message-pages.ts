// The short pages: the neutral "link no longer usable" page (one body for every reason, so a link
// reveals nothing about why it failed), the result of a decision, and the error pages.
import type { Locale } from '../../../activities/pricing/types.js';
import { escapeHtml } from './escape.js';
import { layout } from './layout.js';
import { messagesFor, type Messages } from './messages.js';

type Tone = 'ok' | 'note' | 'warning' | 'error';

function simplePage(locale: Locale, title: string, paragraphs: string[], tone: Tone): string {
  const [first, ...rest] = paragraphs;
  const body = `<section class="card">
<h1>${escapeHtml(title)}</h1>
${first !== undefined ? `<p class="${tone}">${escapeHtml(first)}</p>` : ''}
${rest.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
</section>`;
  return layout({ locale, title, body });
}

export type MessagePageKind =
  'neutral' | 'payment_required' | 'not_recorded' | 'csrf' | 'unavailable' | 'too_many' | 'not_found';

const pages: Record<MessagePageKind, (m: Messages) => [string, string[], Tone]> = {
  neutral: (m) => [m.neutralTitle, [m.neutralText, m.neutralHint], 'warning'],
  payment_required: (m) => [m.paymentTitle, [m.paymentText], 'warning'],
  not_recorded: (m) => [m.notRecordedTitle, [m.notRecordedText], 'error'],
  csrf: (m) => [m.csrfTitle, [m.csrfText], 'error'],
  unavailable: (m) => [m.unavailableTitle, [m.unavailableText], 'error'],
  too_many: (m) => [m.tooManyTitle, [m.tooManyText], 'warning'],
  not_found: (m) => [m.notFoundTitle, [m.notFoundText], 'warning'],
};

export function messagePage(kind: MessagePageKind, locale: Locale): string {
  const [title, paragraphs, tone] = pages[kind](messagesFor(locale));
  return simplePage(locale, title, paragraphs, tone);
}

export interface ResultPageInput {
  locale: Locale;
  decision: 'approve' | 'reject';
  /** The request went on to support review rather than straight to applying. */
  supportReview: boolean;
  reason?: string;
}

export function resultPage(input: ResultPageInput): string {
  const m = messagesFor(input.locale);
  const approved = input.decision === 'approve';
  const title = approved ? m.approvedTitle : m.rejectedTitle;
  const text = approved
    ? input.supportReview
      ? m.approvedSupportReview
      : m.approvedApplying
    : m.rejectedText;
  const reason = input.reason
    ? `<p><strong>${escapeHtml(m.yourReason)}</strong></p><blockquote>${escapeHtml(input.reason)}</blockquote>`
    : '';
  const body = `<section class="card">
<h1>${escapeHtml(title)}</h1>
<p class="${approved ? 'ok' : 'note'}" role="status">${escapeHtml(text)}</p>
${reason}
</section>`;
  return layout({ locale: input.locale, title, body });
}
