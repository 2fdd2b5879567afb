// The short pages: the neutral "link no longer usable" page (one body for every reason, so a link
// reveals nothing about why it failed), the result of a decision, and the error pages.
import { html, NEWLINE, joinHtml } from '../../../activities/html/html.js';
import { pageDocument } from '../../../activities/html/layout.js';
import type { Locale } from '../../../activities/pricing/types.js';
import { formatDate, textsFor, type PageTexts } from '../../../activities/texts/index.js';

type Tone = 'ok' | 'note' | 'warning' | 'error';

function simplePage(locale: Locale, title: string, paragraphs: string[], tone: Tone): string {
  const [first, ...rest] = paragraphs;
  const body = html`<section class="card">
<h1>${title}</h1>
${first !== undefined ? html`<p class="${tone}">${first}</p>` : null}
${joinHtml(
  rest.map((p) => html`<p>${p}</p>`),
  NEWLINE,
)}
</section>`;
  return pageDocument({ locale, title, body });
}

export type MessagePageKind =
  'neutral' | 'payment_required' | 'not_recorded' | 'csrf' | 'unavailable' | 'too_many' | 'not_found';

const pages: Record<MessagePageKind, (p: PageTexts) => [string, string[], Tone]> = {
  neutral: (p) => [p.neutralTitle, [p.neutralText, p.neutralHint], 'warning'],
  payment_required: (p) => [p.paymentTitle, [p.paymentText], 'warning'],
  not_recorded: (p) => [p.notRecordedTitle, [p.notRecordedText], 'error'],
  csrf: (p) => [p.csrfTitle, [p.csrfText], 'error'],
  unavailable: (p) => [p.unavailableTitle, [p.unavailableText], 'error'],
  too_many: (p) => [p.tooManyTitle, [p.tooManyText], 'warning'],
  not_found: (p) => [p.notFoundTitle, [p.notFoundText], 'warning'],
};

export function messagePage(kind: MessagePageKind, locale: Locale): string {
  const [title, paragraphs, tone] = pages[kind](textsFor(locale).page);
  return simplePage(locale, title, paragraphs, tone);
}

export interface ResultPageInput {
  locale: Locale;
  decision: 'approve' | 'reject';
  /** The request went on to support review rather than straight to applying. */
  supportReview: boolean;
  /** The approval scheduled the change for this date (the end of the period). */
  scheduledChangeAt?: string;
  /** The approval counted, but more are needed (approval policy): where the stage stands. */
  stillWaiting?: { given: number; needed: number };
  /** The approval completed its stage; the request waits in this one now. */
  nextStage?: { name: string; given: number; needed: number };
  /** The change was applied already. */
  applied?: boolean;
  reason?: string;
  /** A status link for the decider: what happens next, as it happens. */
  statusUrl?: string;
}

export function resultPage(input: ResultPageInput): string {
  const { page } = textsFor(input.locale);
  const approved = input.decision === 'approve';
  const title = approved ? page.approvedTitle : page.rejectedTitle;
  const t = textsFor(input.locale);
  const progress = (p: { given: number; needed: number }) =>
    t.approvalsProgress(String(p.given), String(p.needed));
  const text = !approved
    ? page.rejectedText
    : input.nextStage
      ? page.approvedNextStage(input.nextStage.name, progress(input.nextStage))
      : input.stillWaiting
        ? page.approvalRecorded(progress(input.stillWaiting))
        : input.supportReview
          ? page.approvedSupportReview
          : input.scheduledChangeAt
            ? page.approvedScheduled(formatDate(input.scheduledChangeAt, input.locale))
            : input.applied
              ? page.approvedApplied
              : page.approvedApplying;
  const reason = input.reason
    ? html`<p><strong>${page.yourReason}</strong></p><blockquote>${input.reason}</blockquote>`
    : null;
  const body = html`<section class="card">
<h1>${title}</h1>
<p class="${approved ? 'ok' : 'note'}" role="status">${text}</p>
${reason}
${input.statusUrl ? html`<p><a href="${input.statusUrl}">${page.followStatus}</a></p>` : null}
</section>`;
  return pageDocument({ locale: input.locale, title, body });
}
