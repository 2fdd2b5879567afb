// The parts several emails share: the short change summary (subjects), the before/after table,
// the price preview and the purchase details. Texts, names, numbers and line descriptions come from
// the text catalogue (activities/texts).
import type { Line, Locale, Quote, SubscriptionTerms } from '../../pricing/types.js';
import type { Invoice } from '../../store/types.js';
import {
  addOnName,
  creditAndChargeRows,
  formatCount,
  formatDate,
  formatMoney,
  formatPercentBps,
  planName,
  productName,
  type NameSource,
  type Texts,
} from '../../texts/index.js';
import type { RequestEmailModel } from '../types.js';
import type { Block, TableRow } from './blocks.js';

const ARROW = '→';
const MAX_SUMMARY_PARTS = 3;

interface Ctx {
  t: Texts;
  locale: Locale;
  catalog: NameSource;
}

export function contextOf(model: RequestEmailModel, t: Texts): Ctx {
  return { t, locale: model.recipient.locale, catalog: model.catalog };
}

function addOnList(ctx: Ctx, terms: SubscriptionTerms): string {
  if (terms.addOns.length === 0) return ctx.t.none;
  return terms.addOns.map((a) => addOnName(ctx.catalog, a, ctx.locale)).join(', ');
}

function plan(ctx: Ctx, terms: SubscriptionTerms): string {
  return planName(ctx.catalog, terms.product, terms.plan, ctx.locale);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Seats the customer now has to hand out: more seats on the plan, plus the seats of a new product. */
export function seatsAdded(quote: Quote): number {
  const more = Math.max(0, quote.after.seats - quote.before.seats);
  return more + (quote.addedSubscription?.seats ?? 0);
}

/** "Team → Professional, 5 → 8 seats": the few words a subject line has room for. */
export function changeSummary(ctx: Ctx, quote: Quote): string {
  const { before, after } = quote;
  const { t, locale } = ctx;
  const parts: string[] = [];
  if (before.plan !== after.plan) parts.push(`${plan(ctx, before)} ${ARROW} ${plan(ctx, after)}`);
  if (before.seats !== after.seats) {
    parts.push(
      `${formatCount(before.seats, locale)} ${ARROW} ${t.seatCount(formatCount(after.seats, locale))}`,
    );
  }
  if (
    before.contactLimit !== after.contactLimit &&
    before.contactLimit !== null &&
    after.contactLimit !== null
  ) {
    parts.push(
      `${t.contactLimit} ${formatCount(before.contactLimit, locale)} ${ARROW} ${formatCount(after.contactLimit, locale)}`,
    );
  }
  if (before.interval !== after.interval) {
    parts.push(`${t.intervalName[before.interval]} ${ARROW} ${t.intervalName[after.interval]}`);
  }
  for (const a of after.addOns.filter((x) => !before.addOns.includes(x))) {
    parts.push(`+ ${addOnName(ctx.catalog, a, locale)}`);
  }
  for (const a of before.addOns.filter((x) => !after.addOns.includes(x))) {
    parts.push(`− ${addOnName(ctx.catalog, a, locale)}`);
  }
  const added = quote.addedSubscription;
  if (added) {
    parts.push(
      `+ ${productName(ctx.catalog, added.product, locale)} ${planName(ctx.catalog, added.product, added.plan, locale)}`,
    );
  }
  if (parts.length === 0) return `${productName(ctx.catalog, after.product, locale)} ${plan(ctx, after)}`;
  const shown = parts.slice(0, MAX_SUMMARY_PARTS).join(', ');
  return parts.length > MAX_SUMMARY_PARTS ? `${shown}, …` : shown;
}

function beforeAfter(before: string, after: string, changed: boolean): string {
  return changed ? `${before} ${ARROW} ${after}` : after;
}

function addedProductRow(ctx: Ctx, quote: Quote): TableRow | null {
  const added = quote.addedSubscription;
  if (!added) return null;
  const parts = [
    `${productName(ctx.catalog, added.product, ctx.locale)} ${planName(ctx.catalog, added.product, added.plan, ctx.locale)}`,
  ];
  if (added.seats > 0) parts.push(ctx.t.seatCount(formatCount(added.seats, ctx.locale)));
  if (added.trial && added.trialEndsAt)
    parts.push(ctx.t.trialUntil(formatDate(added.trialEndsAt, ctx.locale)));
  return { label: ctx.t.newProduct, value: parts.join(', '), strong: true };
}

/** Before -> after for everything a request can change; changed rows are bold. */
export function changesTable(ctx: Ctx, quote: Quote): Block[] {
  const { before, after } = quote;
  const { t, locale } = ctx;
  const rows: TableRow[] = [{ label: t.product, value: productName(ctx.catalog, after.product, locale) }];
  const planChanged = before.plan !== after.plan;
  rows.push({
    label: t.plan,
    value: beforeAfter(plan(ctx, before), plan(ctx, after), planChanged),
    strong: planChanged,
  });
  const seatsChanged = before.seats !== after.seats;
  rows.push({
    label: t.seats,
    value: beforeAfter(formatCount(before.seats, locale), formatCount(after.seats, locale), seatsChanged),
    strong: seatsChanged,
  });
  if (before.contactLimit !== null || after.contactLimit !== null) {
    const changed = before.contactLimit !== after.contactLimit;
    const show = (n: number | null) => (n === null ? '–' : formatCount(n, locale));
    rows.push({
      label: t.contactLimit,
      value: beforeAfter(show(before.contactLimit), show(after.contactLimit), changed),
      strong: changed,
    });
  }
  const intervalChanged = before.interval !== after.interval;
  rows.push({
    label: t.interval,
    value: beforeAfter(t.intervalName[before.interval], t.intervalName[after.interval], intervalChanged),
    strong: intervalChanged,
  });
  const addOnsChanged = !sameSet(before.addOns, after.addOns);
  rows.push({
    label: t.addOns,
    value: beforeAfter(addOnList(ctx, before), addOnList(ctx, after), addOnsChanged),
    strong: addOnsChanged,
  });
  const added = addedProductRow(ctx, quote);
  if (added) rows.push(added);

  const effective = quote.scheduledChangeAt
    ? t.email.effectiveOn(formatDate(quote.scheduledChangeAt, locale))
    : t.email.effectiveNow;
  return [
    { type: 'heading', text: t.changesTitle },
    { type: 'table', rows },
    { type: 'paragraph', text: effective },
  ];
}

/** The plan as it is after the change (confirmation: "what you bought"). */
export function purchaseTable(ctx: Ctx, quote: Quote): Block[] {
  const { after } = quote;
  const { t, locale } = ctx;
  const rows: TableRow[] = [
    { label: t.product, value: productName(ctx.catalog, after.product, locale) },
    { label: t.plan, value: plan(ctx, after) },
    { label: t.seats, value: formatCount(after.seats, locale) },
  ];
  if (after.contactLimit !== null)
    rows.push({ label: t.contactLimit, value: formatCount(after.contactLimit, locale) });
  rows.push({ label: t.interval, value: t.intervalName[after.interval] });
  rows.push({ label: t.addOns, value: addOnList(ctx, after) });
  const added = addedProductRow(ctx, quote);
  if (added) rows.push(added);
  return [
    { type: 'heading', text: t.email.purchaseTitle },
    { type: 'table', rows },
  ];
}

interface Amounts {
  currency: string;
  lines: Line[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
}

/**
 * Credits and charges with their service periods, then subtotal, tax and total. The per-line tax
 * lines are summed into one tax row: the table is a preview, the invoice keeps every line.
 */
function amountRows(ctx: Ctx, quote: Quote, amounts: Amounts, stage: 'preview' | 'charged'): TableRow[] {
  const { t, locale } = ctx;
  const money = (minor: number) => formatMoney(minor, amounts.currency, locale);
  const rows: TableRow[] = creditAndChargeRows(amounts.lines, {
    texts: t,
    locale,
    catalog: ctx.catalog,
    quote,
  }).map((row) => ({ label: row.description, detail: row.period, value: row.amount }));
  rows.push({ label: t.subtotal, value: money(amounts.subtotalMinor) });
  rows.push({ label: t.tax(formatPercentBps(quote.tax.rateBps, locale)), value: money(amounts.taxMinor) });
  rows.push(
    amounts.totalMinor < 0
      ? { label: t.email.totalCredit, value: money(-amounts.totalMinor), strong: true }
      : {
          label: stage === 'preview' ? t.totalDue : t.email.totalCharged,
          value: money(amounts.totalMinor),
          strong: true,
        },
  );
  return rows;
}

function recurringRows(ctx: Ctx, quote: Quote): TableRow[] {
  const { t, locale } = ctx;
  return [
    {
      label: t.newRecurring,
      value: t.recurringPer(
        formatMoney(quote.recurringAfterMinor, quote.currency, locale),
        quote.after.interval,
      ),
    },
    { label: t.nextBillingDate, value: formatDate(quote.nextBillingDate, locale) },
  ];
}

function notesOf(model: RequestEmailModel, invoice?: Invoice): Block[] {
  const notes = new Set<string>([...(model.notes ?? []), ...(invoice?.notes ?? [])]);
  if (notes.size === 0 && model.quote.tax.note) notes.add(model.quote.tax.note);
  return [...notes].map((text): Block => ({ type: 'note', text, tone: 'info' }));
}

/** Price preview for approvers and the requester before the change. */
export function pricePreview(ctx: Ctx, model: RequestEmailModel): Block[] {
  const { quote } = model;
  return [
    { type: 'heading', text: ctx.t.priceTitle },
    {
      type: 'table',
      numeric: true,
      rows: [...amountRows(ctx, quote, quote, 'preview'), ...recurringRows(ctx, quote)],
    },
    ...notesOf(model),
  ];
}

/** What was charged, from the stored invoice when there is one (it is the record), else the quote. */
export function invoiceDetails(ctx: Ctx, model: RequestEmailModel): Block[] {
  const { quote, invoice } = model;
  const rows = amountRows(ctx, quote, invoice ?? quote, 'charged');
  if (invoice) rows.unshift({ label: ctx.t.email.invoiceNumber, value: invoice.invoiceId });
  return [
    { type: 'heading', text: ctx.t.email.invoiceTitle },
    { type: 'table', numeric: true, rows: [...rows, ...recurringRows(ctx, quote)] },
    ...notesOf(model, invoice),
  ];
}
