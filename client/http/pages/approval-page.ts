// GET /approve/{token}: everything an owner or billing admin needs to decide, and one form. The
// reason field is `required`, and the Approve button opts out of that check (`formnovalidate`), so a
// browser insists on a reason only for Reject, with no script. The server checks it again.
import { html, joinHtml, NEWLINE, type SafeHtml } from '../../../activities/html/html.js';
import { pageDocument } from '../../../activities/html/layout.js';
import type { Locale } from '../../../activities/pricing/types.js';
import { formatDateTime, textsFor, type CatalogNames } from '../../../activities/texts/index.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import { approvalsBlock, changesBlock, priceBlock } from './request-details.js';

export interface ApprovalPageInput {
  view: RequestStatusView;
  approverName: string;
  /** A delegate's page: `approverName` is the approver they decide for. */
  onBehalfOf?: boolean;
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
  const t = textsFor(locale);
  const { page } = t;
  const quote = view.quote;
  const requester = personName(view.requestedBy);

  const notes: SafeHtml[] = [];
  if (view.route === 'approval_then_support_review' || view.route === 'direct_then_support_review')
    notes.push(html`<p class="note">${page.supportReviewFollows}</p>`);
  // Informational: the page cannot know whether a method is on file; the workflow checks on approval.
  if (quote?.paymentMethodRequired) notes.push(html`<p class="note">${page.paymentMethodRequired}</p>`);
  if (input.error) notes.push(html`<p class="error" role="alert">${input.error}</p>`);

  const parts = [
    html`<section class="card">
<h1>${page.approvalTitle}</h1>
<p class="muted">${page.account(view.accountId)} · ${view.requestId}</p>
<p>${page.requestedBy(requester)}</p>
${view.note ? html`<p><strong>${t.noteBy(requester)}</strong></p><blockquote>${view.note}</blockquote>` : null}
</section>`,
    approvalsBlock(view, { locale, t, catalog: input.catalog }),
    changesBlock(quote, view.changes, { locale, t, catalog: input.catalog }),
    quote ? priceBlock(quote, { locale, t, catalog: input.catalog }) : null,
    html`<section class="card">
${joinHtml(notes, NEWLINE)}
<p><strong>${input.onBehalfOf ? t.decidingFor(input.approverName) : t.decidingAs(input.approverName)}</strong></p>
${view.expiresAt ? html`<p class="muted">${page.linkValidUntil(formatDateTime(view.expiresAt, locale, 'medium'))}</p>` : null}
<form method="post">
<input type="hidden" name="csrf" value="${input.csrf}">
<label for="reason">${t.reason}</label>
<p class="muted" id="reason-hint">${page.reasonHint}</p>
<textarea id="reason" name="reason" maxlength="2000" required aria-describedby="reason-hint">${input.reason ?? ''}</textarea>
<div class="buttons">
<button type="submit" class="approve" name="decision" value="approve" formnovalidate>${page.approve}</button>
<button type="submit" class="reject" name="decision" value="reject">${page.reject}</button>
</div>
</form>
</section>`,
  ];
  const body = joinHtml(
    parts.filter((part) => part !== null),
    NEWLINE,
  );
  return pageDocument({ locale, title: page.approvalTitle, body });
}
