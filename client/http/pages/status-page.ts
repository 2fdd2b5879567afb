// GET /status/{token}: the requester's read-only view of their request. No form, no buttons:
// withdrawing goes through the host app (the API), where the requester is authenticated.
import { formatMoney } from '../../../activities/pricing/index.js';
import type { Locale } from '../../../activities/pricing/types.js';
import type { DecisionRecord, RequestStatusView } from '../../../workflows/messages.js';
import { personName } from './approval-page.js';
import { formatDateTime } from './dates.js';
import { escapeHtml } from './escape.js';
import { layout } from './layout.js';
import { messagesFor, type Messages } from './messages.js';
import type { CatalogNames } from './names.js';
import { changesBlock, priceBlock } from './request-details.js';

export interface StatusPageInput {
  view: RequestStatusView;
  locale: Locale;
  catalog: CatalogNames;
}

function actorName(actor: string, view: RequestStatusView, m: Messages): string {
  if (actor === 'system') return m.system;
  if (actor.startsWith('support:')) return m.support(actor.slice('support:'.length));
  const people = [view.requestedBy, ...view.approvers];
  const person = people.find((p) => p.userId === actor);
  return person ? personName(person) : actor;
}

function decisionBlock(
  title: string,
  record: DecisionRecord,
  view: RequestStatusView,
  locale: Locale,
  m: Messages,
): string {
  const who = actorName(record.by, view, m);
  const reason = record.reason
    ? `<p><strong>${escapeHtml(m.reason)}</strong></p><blockquote>${escapeHtml(record.reason)}</blockquote>`
    : '';
  return `<section class="card"><h2>${escapeHtml(title)}</h2><p>${escapeHtml(
    m.decisionBy(record.decision, who, formatDateTime(record.at, locale)),
  )}</p>${reason}</section>`;
}

export function statusPage({ view, locale, catalog }: StatusPageInput): string {
  const m = messagesFor(locale);
  const ctx = { locale, m, catalog };
  const parts: string[] = [];
  const approvers = view.approvers.map((a) => a.name).join(', ');
  parts.push(`<section class="card">
<h1>${escapeHtml(m.statusTitle)}</h1>
<p class="muted">${escapeHtml(m.account(view.accountId))} · ${escapeHtml(view.requestId)}</p>
<p>${escapeHtml(m.state)}: <span class="state">${escapeHtml(m.stateName[view.state] ?? view.state)}</span></p>
<p>${escapeHtml(m.submittedAt)}: ${escapeHtml(formatDateTime(view.submittedAt, locale))}</p>
${approvers ? `<p>${escapeHtml(m.approvers)}: ${escapeHtml(approvers)}</p>` : ''}
${view.note ? `<p><strong>${escapeHtml(m.requesterNote)}</strong></p><blockquote>${escapeHtml(view.note)}</blockquote>` : ''}
${view.applied ? `<p class="ok">${escapeHtml(m.appliedInvoice(view.applied.invoiceId, formatMoney(view.applied.totalMinor, view.applied.currency, locale)))}</p>` : ''}
${view.error && view.state !== 'invalid' ? `<p class="error">${escapeHtml(m.failure)}: ${escapeHtml(view.error.message)}</p>` : ''}
</section>`);
  if (view.decision) parts.push(decisionBlock(m.decision, view.decision, view, locale, m));
  if (view.supportReview) parts.push(decisionBlock(m.supportReview, view.supportReview, view, locale, m));
  parts.push(changesBlock(view.quote, view.changes, ctx));
  if (view.quote) parts.push(priceBlock(view.quote, ctx));

  const entries = view.timeline.map((entry) => {
    // The note is shown above and the quote summary is English-only: only reasons are repeated here.
    const detail =
      entry.detail &&
      (entry.action === 'rejected' || entry.action.endsWith('rejected') || entry.action === 'cancelled')
        ? `<br><span class="muted">${escapeHtml(entry.detail)}</span>`
        : '';
    return `<li><time datetime="${escapeHtml(entry.at)}">${escapeHtml(formatDateTime(entry.at, locale))}</time> · <strong>${escapeHtml(m.action(entry.action))}</strong> · ${escapeHtml(actorName(entry.actor, view, m))}${detail}</li>`;
  });
  parts.push(
    `<section class="card"><h2>${escapeHtml(m.timeline)}</h2><ol class="timeline">${entries.join('')}</ol></section>`,
  );
  return layout({ locale, title: m.statusTitle, body: parts.join('\n') });
}
