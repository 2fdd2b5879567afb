// GET /status/{token}: a request as the one who follows it sees it (its requester, its approvers),
// with one form where they may cancel it: the requester withdraws an open request, an approver calls
// off a scheduled change (workflows/request-states.ts mayCancel).
import { html, joinHtml, NEWLINE, type SafeHtml } from '../../../activities/html/html.js';
import { pageDocument } from '../../../activities/html/layout.js';
import type { Locale } from '../../../activities/pricing/types.js';
import {
  formatDateTime,
  formatMoney,
  textsFor,
  type CatalogNames,
  type Texts,
} from '../../../activities/texts/index.js';
import type { DecisionRecord, RequestStatusView } from '../../../workflows/messages.js';
import { personName } from './approval-page.js';
import { approvalsBlock, changesBlock, priceBlock } from './request-details.js';

export interface StatusPageInput {
  view: RequestStatusView;
  locale: Locale;
  catalog: CatalogNames;
  /** The cancel form, for a reader who may cancel the request now (its CSRF field). */
  cancel?: { csrf: string };
  /** Shown at the top after a POST: what happened, or why nothing did. */
  notice?: { kind: 'ok' | 'error'; text: string };
}

function actorName(actor: string, view: RequestStatusView, t: Texts): string {
  if (actor === 'system') return t.page.system;
  if (actor.startsWith('support:')) return t.page.support(actor.slice('support:'.length));
  const people = [view.requestedBy, ...view.approvers];
  const person = people.find((p) => p.userId === actor);
  return person ? personName(person) : actor;
}

/** The workflow's timeline action in the reader's language; an unknown one as it is. */
function actionName(action: string, t: Texts): string {
  const reminder = /^reminder (\d+) sent$/.exec(action);
  return t.page.timelineAction[action] ?? (reminder?.[1] ? t.page.reminderSent(reminder[1]) : action);
}

function decisionBlock(
  title: string,
  record: DecisionRecord,
  view: RequestStatusView,
  locale: Locale,
  t: Texts,
): SafeHtml {
  const who = actorName(record.by, view, t);
  const reason = record.reason
    ? html`<p><strong>${t.reason}</strong></p><blockquote>${record.reason}</blockquote>`
    : null;
  return html`<section class="card"><h2>${title}</h2><p>${t.page.decisionBy(record.decision, who, formatDateTime(record.at, locale, 'medium'))}</p>${reason}</section>`;
}

function cancelForm(view: RequestStatusView, csrf: string, locale: Locale, t: Texts): SafeHtml {
  const { page } = t;
  const scheduledFor = view.state === 'scheduled' && view.scheduledChangeAt;
  const title = scheduledFor ? page.cancelScheduledTitle : page.withdrawTitle;
  const button = scheduledFor
    ? page.cancelScheduledButton(formatDateTime(scheduledFor, locale, 'medium'))
    : page.withdrawButton;
  return html`<section class="card">
<h2>${title}</h2>
<form method="post">
<input type="hidden" name="csrf" value="${csrf}">
<label for="reason">${page.cancelReason}</label>
<textarea id="reason" name="reason" maxlength="2000"></textarea>
<div class="buttons"><button type="submit" class="reject" name="action" value="cancel">${button}</button></div>
</form>
</section>`;
}

export function statusPage(input: StatusPageInput): string {
  const t = textsFor(input.locale);
  const [header, ...rest] = statusSections(input);
  const parts = [
    ...(input.notice ? [html`<p class="${input.notice.kind}" role="status">${input.notice.text}</p>`] : []),
    header!,
    ...(input.cancel ? [cancelForm(input.view, input.cancel.csrf, input.locale, t)] : []),
    ...rest,
  ];
  return pageDocument({ locale: input.locale, title: t.page.statusTitle, body: joinHtml(parts, NEWLINE) });
}

/** The status page's cards (the requester portal shows them too, with its own header and form). */
export function statusSections({ view, locale, catalog }: StatusPageInput, title?: string): SafeHtml[] {
  const t = textsFor(locale);
  const { page } = t;
  const ctx = { locale, t, catalog };
  const approvers = view.approvers.map((a) => a.name).join(', ');
  const applied = view.applied;
  const parts: SafeHtml[] = [
    html`<section class="card">
<h1>${title ?? page.statusTitle}</h1>
<p class="muted">${page.account(view.accountId)} · ${view.requestId}</p>
${view.asOf ? html`<p class="muted">${page.asOf(formatDateTime(view.asOf, locale, 'medium'))}</p>` : null}
<p>${page.state}: <span class="state">${page.stateName[view.state] ?? view.state}</span></p>
<p>${page.submittedAt}: ${formatDateTime(view.submittedAt, locale, 'medium')}</p>
${approvers ? html`<p>${page.approvers}: ${approvers}</p>` : null}
${view.note ? html`<p><strong>${t.noteBy(personName(view.requestedBy))}</strong></p><blockquote>${view.note}</blockquote>` : null}
${applied ? html`<p class="ok">${page.appliedInvoice(applied.invoiceId, formatMoney(applied.totalMinor, applied.currency, locale))}</p>` : null}
${view.error && view.state !== 'invalid' ? html`<p class="error">${page.failure}: ${view.error.message}</p>` : null}
</section>`,
  ];
  if (view.decision) parts.push(decisionBlock(page.decision, view.decision, view, locale, t));
  if (view.supportReview) parts.push(decisionBlock(page.supportReview, view.supportReview, view, locale, t));
  const approvals = approvalsBlock(view, ctx);
  if (approvals) parts.push(approvals);
  parts.push(changesBlock(view.quote, view.changes, ctx));
  if (view.quote) parts.push(priceBlock(view.quote, ctx));

  const entries = view.timeline.map((entry) => {
    // The note is shown above and the quote summary is English-only: only reasons are repeated here.
    const detail =
      entry.detail &&
      (entry.action === 'rejected' || entry.action.endsWith('rejected') || entry.action === 'cancelled')
        ? html`<br><span class="muted">${entry.detail}</span>`
        : null;
    return html`<li><time datetime="${entry.at}">${formatDateTime(entry.at, locale, 'medium')}</time> · <strong>${actionName(entry.action, t)}</strong> · ${actorName(entry.actor, view, t)}${detail}</li>`;
  });
  parts.push(
    html`<section class="card"><h2>${page.timeline}</h2><ol class="timeline">${entries}</ol></section>`,
  );
  return parts;
}
