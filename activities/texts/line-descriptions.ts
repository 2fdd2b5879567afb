// Proration and invoice lines in the reader's language. A line's `description` is the pricing
// module's English text (part of the pricing contract, kept for the CLI and the API); emails and
// pages describe each line again from its structured fields instead: its kind, its item (how
// activities/pricing/items.ts names them: `seats`, `plan`, `addon:<id>`, and `<product>/<item>` for a
// product the request adds), quantity and unit amount, and the catalog's localised names.
import type { Line, Locale, Quote, SubscriptionTerms } from '../pricing/types.js';
import { addOnName, humaniseId, planName, productName, type NameSource } from './catalog-names.js';
import { formatCount, formatDate, formatMoney, formatPercentBps } from './format.js';
import type { Texts } from './types.js';

export interface LineContext {
  texts: Texts;
  locale: Locale;
  catalog: NameSource;
  /** The quote the lines belong to: its terms before and after name the items. */
  quote: Quote;
}

export interface DescribedLine {
  line: Line;
  description: string;
}

const ADD_ON_PREFIX = 'addon:';

/** The item a line is about, and the terms that price it. */
interface LineItem {
  itemId: string;
  terms: SubscriptionTerms;
  /** The line belongs to a product the request adds (its own new subscription). */
  addedProduct: boolean;
}

function lineItem(line: Line, quote: Quote): LineItem {
  const added = quote.addedSubscription;
  const prefix = added ? `${added.product}/` : undefined;
  if (added && prefix && line.itemId.startsWith(prefix)) {
    return { itemId: line.itemId.slice(prefix.length), terms: added.terms, addedProduct: true };
  }
  // Credits are for what the customer had, charges for what they get.
  return {
    itemId: line.itemId,
    terms: line.kind === 'credit' ? quote.before : quote.after,
    addedProduct: false,
  };
}

function itemName(item: LineItem, ctx: LineContext): string {
  const { catalog, locale, texts } = ctx;
  const { terms, itemId } = item;
  if (itemId.startsWith(ADD_ON_PREFIX)) {
    return texts.lines.addOn(addOnName(catalog, itemId.slice(ADD_ON_PREFIX.length), locale));
  }
  let name: string;
  if (itemId === 'seats') name = planName(catalog, terms.product, terms.plan, locale);
  else if (itemId === 'plan') {
    const plan = planName(catalog, terms.product, terms.plan, locale);
    name =
      terms.contactLimit === null
        ? plan
        : texts.lines.contactTier(plan, formatCount(terms.contactLimit, locale));
  } else return humaniseId(itemId);
  // Next to the main subscription's plan, a new product's plan needs its product's name.
  return item.addedProduct ? `${productName(catalog, terms.product, locale)} ${name}` : name;
}

function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

function describeAmountLine(line: Line, ctx: LineContext): string {
  const { texts, locale, quote } = ctx;
  const item = lineItem(line, quote);
  const phrase = texts.lines.item(
    formatCount(line.quantity ?? 1, locale),
    itemName(item, ctx),
    line.unitAmountMinor === undefined
      ? undefined
      : formatMoney(line.unitAmountMinor, quote.currency, locale),
    texts.lines.cadence[item.terms.interval],
  );
  if (line.kind === 'credit') return texts.lines.unusedTime(phrase);
  if (item.addedProduct) return texts.lines.firstPeriod(phrase);
  // A charge up to the end of the current period keeps the billing date; any other charge is for a
  // whole new period (an interval change starts one today).
  return sameInstant(line.servicePeriodEnd, quote.before.periodEnd)
    ? texts.lines.remainingTime(phrase)
    : texts.lines.newPeriod(phrase);
}

/**
 * Every line with its description, in order. A tax line is described by the credit or charge it is
 * computed on: the closest line before it for the same item (prorate puts it right after its base).
 */
export function describeLines(lines: readonly Line[], ctx: LineContext): DescribedLine[] {
  const rate = formatPercentBps(ctx.quote.tax.rateBps, ctx.locale);
  const described: DescribedLine[] = [];
  for (const line of lines) {
    if (line.kind !== 'tax') {
      described.push({ line, description: describeAmountLine(line, ctx) });
      continue;
    }
    const base = described.findLast((d) => d.line.kind !== 'tax' && d.line.itemId === line.itemId);
    described.push({
      line,
      description: base ? ctx.texts.lines.taxOn(rate, base.description) : ctx.texts.tax(rate),
    });
  }
  return described;
}

export interface PriceTableRow {
  description: string;
  /** The service period, "16. März 2025 – 1. April 2025". */
  period: string;
  amount: string;
}

/**
 * The credits and charges as rows of a price table, in the reader's language. Their tax lines are
 * left out: a price table sums them in one tax row (the invoice keeps every line).
 */
export function creditAndChargeRows(lines: readonly Line[], ctx: LineContext): PriceTableRow[] {
  const { texts, locale, quote } = ctx;
  return describeLines(lines, ctx)
    .filter(({ line }) => line.kind !== 'tax')
    .map(({ line, description }) => ({
      description,
      period: texts.period(
        formatDate(line.servicePeriodStart, locale),
        formatDate(line.servicePeriodEnd, locale),
      ),
      amount: formatMoney(line.amountMinor, quote.currency, locale),
    }));
}
