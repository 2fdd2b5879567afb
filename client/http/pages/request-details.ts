// The two blocks both the approval page and the status page show: what changes (before -> after)
// and the price preview. Built from the quote the workflow computed, never re-priced here.
import { html, joinHtml, literalHtml, NEWLINE, type SafeHtml } from '../../../activities/html/html.js';
import type { ChangeSet, Locale, Quote, SubscriptionTerms } from '../../../activities/pricing/types.js';
import type { RequestStatusView } from '../../../workflows/messages.js';
import {
  addOnName,
  creditAndChargeRows,
  formatCount,
  formatDate,
  formatMoney,
  formatPercentBps,
  planName,
  productName,
  type CatalogNames,
  type Texts,
} from '../../../activities/texts/index.js';

export interface DetailsContext {
  locale: Locale;
  t: Texts;
  catalog: CatalogNames;
}

function row(label: string, before: string, after: string): SafeHtml {
  return html`<tr><th scope="row">${label}</th><td>${before}</td><td>${after}</td></tr>`;
}

function planLabel(terms: SubscriptionTerms, ctx: DetailsContext): string {
  return `${productName(ctx.catalog, terms.product, ctx.locale)} ${planName(ctx.catalog, terms.product, terms.plan, ctx.locale)}`;
}

function addOnsLabel(addOns: string[], ctx: DetailsContext): string {
  return addOns.length === 0
    ? ctx.t.none
    : addOns.map((a) => addOnName(ctx.catalog, a, ctx.locale)).join(', ');
}

/** Only what changes is listed, so the approver sees the request, not the whole subscription. */
export function changesBlock(quote: Quote | undefined, changes: ChangeSet, ctx: DetailsContext): SafeHtml {
  const { t, locale } = ctx;
  const count = (n: number | null) => (n === null ? t.none : formatCount(n, locale));
  const rows: SafeHtml[] = [];
  if (quote) {
    const { before, after } = quote;
    if (before.product !== after.product || before.plan !== after.plan)
      rows.push(row(t.plan, planLabel(before, ctx), planLabel(after, ctx)));
    if (before.seats !== after.seats) rows.push(row(t.seats, count(before.seats), count(after.seats)));
    if (before.contactLimit !== after.contactLimit)
      rows.push(row(t.contactLimit, count(before.contactLimit), count(after.contactLimit)));
    if (before.interval !== after.interval)
      rows.push(row(t.interval, t.intervalName[before.interval], t.intervalName[after.interval]));
    if ([...before.addOns].sort().join() !== [...after.addOns].sort().join())
      rows.push(row(t.addOns, addOnsLabel(before.addOns, ctx), addOnsLabel(after.addOns, ctx)));
  }
  const added = quote?.addedSubscription;
  const product = added ?? changes.addProduct;
  let newProduct: SafeHtml | null = null;
  if (product) {
    const name = `${productName(ctx.catalog, product.product, locale)} ${planName(ctx.catalog, product.product, product.plan, locale)}`;
    const seats = product.seats !== undefined ? ` · ${t.seats}: ${count(product.seats)}` : '';
    const trial =
      added?.trial && added.trialEndsAt ? ` · ${t.trialUntil(formatDate(added.trialEndsAt, locale))}` : '';
    newProduct = html`<p><strong>${t.newProduct}:</strong> ${name + seats + trial}</p>`;
  }
  const table =
    rows.length > 0
      ? html`<table><thead><tr><th></th><th>${t.page.before}</th><th>${t.page.after}</th></tr></thead><tbody>${rows}</tbody></table>`
      : null;
  return html`<section class="card"><h2>${t.changesTitle}</h2>${table}${newProduct}</section>`;
}

function moneyRow(label: string, amount: string, detail?: string, total = false): SafeHtml {
  const sub = detail ? html`<br><span class="muted">${detail}</span>` : null;
  return html`<tr${total ? literalHtml` class="total"` : null}><td>${label}${sub}</td><td class="num">${amount}</td></tr>`;
}

/** Like moneyRow, but the value is a phrase ("€891.00 per month, excl. VAT") that may wrap on a phone. */
function phraseRow(label: string, value: string): SafeHtml {
  return html`<tr><td>${label}</td><td class="val">${value}</td></tr>`;
}

/** Proration lines (credits and charges; their tax is summed below), totals and what recurs. */
/**
 * Under an approval policy that asks more than one approval: per stage, "1 of 2 approvals", who
 * approved and who is still asked. Nothing for a request the first approver decides alone.
 */
export function approvalsBlock(view: RequestStatusView, ctx: DetailsContext): SafeHtml | null {
  const stages = view.approvals;
  if (!stages || (stages.length === 1 && stages[0]!.needed <= 1)) return null;
  const { t } = ctx;
  const nameOf = (id: string) => view.approvers.find((a) => a.userId === id)?.name ?? id;
  const rows = stages.map((stage) => {
    const lines = [t.approvalsProgress(String(stage.approvedBy.length), String(stage.needed))];
    if (stage.approvedBy.length > 0) lines.push(t.approvedSoFar(t.listAnd(stage.approvedBy.map(nameOf))));
    if (stage.status !== 'done' && stage.pending.length > 0)
      lines.push(t.stillAsked(t.listAnd(stage.pending.map(nameOf))));
    return html`<li${stage.status === 'current' ? html` aria-current="step"` : null}><strong>${stage.stage}</strong>: ${lines.join(' ')}</li>`;
  });
  return html`<section class="card">
<h2>${t.page.approvalsTitle}</h2>
<ol>${joinHtml(rows, NEWLINE)}</ol>
</section>`;
}

export function priceBlock(quote: Quote, ctx: DetailsContext): SafeHtml {
  const { t, locale, catalog } = ctx;
  const money = (minor: number) => formatMoney(minor, quote.currency, locale);
  const lines = creditAndChargeRows(quote.lines, { texts: t, locale, catalog, quote }).map((row) =>
    moneyRow(row.description, row.amount, row.period),
  );
  const rows = [
    ...lines,
    moneyRow(t.subtotal, money(quote.subtotalMinor)),
    moneyRow(t.tax(formatPercentBps(quote.tax.rateBps, locale)), money(quote.taxMinor)),
    moneyRow(t.totalDue, money(quote.totalMinor), undefined, true),
  ];
  const reverseCharge = quote.tax.reverseCharge ? html`<p class="muted">${t.page.reverseCharge}</p>` : null;
  const scheduled = quote.scheduledChangeAt
    ? html`<p class="note">${t.page.scheduledAt(formatDate(quote.scheduledChangeAt, locale))}</p>`
    : null;
  const recurring = html`<table><tbody>${phraseRow(
    t.newRecurring,
    t.recurringPer(money(quote.recurringAfterMinor), quote.after.interval),
  )}${phraseRow(t.nextBillingDate, formatDate(quote.nextBillingDate, locale))}</tbody></table>`;
  return html`<section class="card"><h2>${t.priceTitle}</h2><table><tbody>${rows}</tbody></table>${reverseCharge}${scheduled}${recurring}</section>`;
}
