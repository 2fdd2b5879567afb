// GET /approve/{token}: everything an owner or billing admin needs to decide, and one form. The
// reason field is `required`, and the Approve button opts out of that check (`formnovalidate`), so a
// browser insists on a reason only for Reject, with no script. The server checks it again.
import type { Locale } from '../../../activities/pricing/types.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import { formatDateTime } from './dates.js';
import { escapeHtml } from './escape.js';
import { layout } from './layout.js';
import { messagesFor } from './messages.js';
import type { CatalogNames } from './names.js';
import { changesBlock, priceBlock } from './request-details.js';

export interface ApprovalPageInput {
  view: RequestStatusView;
  approverName: string;
  csrf: string;
  locale: Locale;
  catalog: CatalogNames;
  /** Shown above the form when a POST was refused (e.g. reject without a reason). */
  error?: string;
  /** What the approver typed before, so a refused POST does not lose it. */
  reason?: string;
}

export function personName(person: RequestStatusView['requestedBy']): string {
  return 'name' in person ? person.name : person.userId;
}

export function approvalPage(input: ApprovalPageInput): string {
  const { view, locale } = input;
  const m = messagesFor(locale);
  const ctx = { locale, m, catalog: input.catalog };
  const quote = view.quote;
  const parts: string[] = [];

  parts.push(`<section class="card">
<h1>${escapeHtml(m.approvalTitle)}</h1>
<p class="muted">${escapeHtml(m.account(view.accountId))} · ${escapeHtml(view.requestId)}</p>
<p>${escapeHtml(m.requestedBy(personName(view.requestedBy)))}</p>
${view.note ? `<p><strong>${escapeHtml(m.requesterNote)}</strong></p><blockquote>${escapeHtml(view.note)}</blockquote>` : ''}
</section>`);
  parts.push(changesBlock(quote, view.changes, ctx));
  if (quote) parts.push(priceBlock(quote, ctx));

  const notes: string[] = [];
  if (view.route === 'approval_then_support_review')
    notes.push(`<p class="note">${escapeHtml(m.supportReviewFollows)}</p>`);
  // Informational: the page cannot know whether a method is on file; the workflow checks on approval.
  if (quote?.paymentMethodRequired) notes.push(`<p class="note">${escapeHtml(m.paymentMethodRequired)}</p>`);
  if (input.error) notes.push(`<p class="error" role="alert">${escapeHtml(input.error)}</p>`);

  parts.push(`<section class="card">
${notes.join('\n')}
<p><strong>${escapeHtml(m.decidingAs(input.approverName))}</strong></p>
${view.expiresAt ? `<p class="muted">${escapeHtml(m.linkValidUntil(formatDateTime(view.expiresAt, locale)))}</p>` : ''}
<form method="post">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrf)}">
<label for="reason">${escapeHtml(m.reasonLabel)}</label>
<p class="muted" id="reason-hint">${escapeHtml(m.reasonHint)}</p>
<textarea id="reason" name="reason" maxlength="2000" required aria-describedby="reason-hint">${escapeHtml(input.reason ?? '')}</textarea>
<div class="buttons">
<button type="submit" class="approve" name="decision" value="approve" formnovalidate>${escapeHtml(m.approve)}</button>
<button type="submit" class="reject" name="decision" value="reject">${escapeHtml(m.reject)}</button>
</div>
</form>
</section>`);

  return layout({ locale, title: m.approvalTitle, body: parts.join('\n') });
}
