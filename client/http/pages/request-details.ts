// The two blocks both the approval page and the status page show: what changes (before -> after)
// and the price preview. Built from the quote the workflow computed, never re-priced here.
import { formatMoney } from '../../../activities/pricing/index.js';
import type { ChangeSet, Locale, Quote, SubscriptionTerms } from '../../../activities/pricing/types.js';
import { formatDate } from './dates.js';
import { escapeHtml } from './escape.js';
import type { Messages } from './messages.js';
import { addOnName, planName, productName, type CatalogNames } from './names.js';

export interface DetailsContext {
  locale: Locale;
  m: Messages;
  catalog: CatalogNames;
}

function row(label: string, before: string, after: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(before)}</td><td>${escapeHtml(after)}</td></tr>`;
}

function planLabel(terms: SubscriptionTerms, ctx: DetailsContext): string {
  return `${productName(ctx.catalog, terms.product, ctx.locale)} ${planName(ctx.catalog, terms.product, terms.plan, ctx.locale)}`;
}

function addOnsLabel(addOns: string[], ctx: DetailsContext): string {
  return addOns.length === 0
    ? ctx.m.none
    : addOns.map((a) => addOnName(ctx.catalog, a, ctx.locale)).join(', ');
}

function integer(value: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en').format(value);
}

/** Only what changes is listed, so the approver sees the request, not the whole subscription. */
export function changesBlock(quote: Quote | undefined, changes: ChangeSet, ctx: DetailsContext): string {
  const { m } = ctx;
  const rows: string[] = [];
  if (quote) {
    const { before, after } = quote;
    if (before.product !== after.product || before.plan !== after.plan)
      rows.push(row(m.plan, planLabel(before, ctx), planLabel(after, ctx)));
    if (before.seats !== after.seats)
      rows.push(row(m.seats, integer(before.seats, ctx.locale), integer(after.seats, ctx.locale)));
    if (before.contactLimit !== after.contactLimit)
      rows.push(
        row(
          m.contactLimit,
          before.contactLimit === null ? m.none : integer(before.contactLimit, ctx.locale),
          after.contactLimit === null ? m.none : integer(after.contactLimit, ctx.locale),
        ),
      );
    if (before.interval !== after.interval)
      rows.push(row(m.interval, m.intervalName[before.interval], m.intervalName[after.interval]));
    if ([...before.addOns].sort().join() !== [...after.addOns].sort().join())
      rows.push(row(m.addOns, addOnsLabel(before.addOns, ctx), addOnsLabel(after.addOns, ctx)));
  }
  const added = quote?.addedSubscription;
  const product = added ?? changes.addProduct;
  let newProduct = '';
  if (product) {
    const name = `${productName(ctx.catalog, product.product, ctx.locale)} ${planName(ctx.catalog, product.product, product.plan, ctx.locale)}`;
    const seats = product.seats !== undefined ? ` · ${m.seats}: ${integer(product.seats, ctx.locale)}` : '';
    const trial =
      added?.trial && added.trialEndsAt ? ` · ${m.trial(formatDate(added.trialEndsAt, ctx.locale))}` : '';
    newProduct = `<p><strong>${escapeHtml(m.newProduct)}:</strong> ${escapeHtml(name + seats + trial)}</p>`;
  }
  const table =
    rows.length > 0
      ? `<table><thead><tr><th></th><th>${escapeHtml(m.before)}</th><th>${escapeHtml(m.after)}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
      : '';
  return `<section class="card"><h2>${escapeHtml(m.whatIsAsked)}</h2>${table}${newProduct}</section>`;
}

function moneyRow(label: string, amount: string, detail?: string, total = false): string {
  const sub = detail ? `<br><span class="muted">${escapeHtml(detail)}</span>` : '';
  return `<tr${total ? ' class="total"' : ''}><td>${escapeHtml(label)}${sub}</td><td class="num">${escapeHtml(amount)}</td></tr>`;
}

/** Like moneyRow, but the value is a phrase ("€891.00 per month, excl. VAT") that may wrap on a phone. */
function phraseRow(label: string, value: string): string {
  return `<tr><td>${escapeHtml(label)}</td><td class="val">${escapeHtml(value)}</td></tr>`;
}

function percent(rateBps: number, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en', { maximumFractionDigits: 2 }).format(
    rateBps / 100,
  );
}

/** Proration lines (credits and charges; their tax is summed below), totals and what recurs. */
export function priceBlock(quote: Quote, ctx: DetailsContext): string {
  const { m, locale } = ctx;
  const money = (minor: number) => formatMoney(minor, quote.currency, locale);
  const lines = quote.lines
    .filter((line) => line.kind !== 'tax')
    .map((line) =>
      moneyRow(
        line.description,
        money(line.amountMinor),
        `${formatDate(line.servicePeriodStart, locale)} – ${formatDate(line.servicePeriodEnd, locale)}`,
      ),
    );
  const rows = [
    ...lines,
    moneyRow(m.subtotal, money(quote.subtotalMinor)),
    moneyRow(m.tax(percent(quote.tax.rateBps, locale)), money(quote.taxMinor)),
    moneyRow(m.totalDueNow, money(quote.totalMinor), undefined, true),
  ];
  const notes: string[] = [];
  if (quote.tax.reverseCharge) notes.push(`<p class="muted">${escapeHtml(m.reverseCharge)}</p>`);
  if (quote.scheduledChangeAt)
    notes.push(
      `<p class="note">${escapeHtml(m.scheduledAt(formatDate(quote.scheduledChangeAt, locale)))}</p>`,
    );
  const recurring = `<table><tbody>${phraseRow(
    m.newRecurring,
    m.recurringPer(money(quote.recurringAfterMinor), quote.after.interval),
  )}${phraseRow(m.nextBillingDate, formatDate(quote.nextBillingDate, locale))}</tbody></table>`;
  return `<section class="card"><h2>${escapeHtml(m.pricePreview)}</h2><table><tbody>${rows.join('')}</tbody></table>${notes.join('')}${recurring}</section>`;
}
