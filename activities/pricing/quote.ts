// quote(): what a requested change costs, who has to look at it, and why. Validates the change against
// the catalog (collecting every problem), classifies it, builds the item sets before and after, lets
// prorate() price the difference, and adds a newly subscribed product's first period.
import { DAY_MS, addInterval, isoDate, parseInstant, toIso } from './calendar.js';
import { QuoteValidationError } from './errors.js';
import { buildItems, intervalAdjective, recurringMinor } from './items.js';
import { periodAfter, prorate } from './prorate.js';
import { decideTax } from './tax.js';
import type {
  AddedSubscriptionQuote,
  Catalog,
  ChangeKind,
  Line,
  Quote,
  QuoteInput,
  QuotePolicy,
  Route,
  SubscriptionTerms,
} from './types.js';
import { validateChange } from './validate-change.js';
import type { AddedProductSpec } from './validate-change.js';

export const defaultQuotePolicy: QuotePolicy = {
  downgradeTiming: 'immediate',
  supportReview: { planDowngrade: true, contactLimitDecrease: true },
  timeBasis: 'second',
};

export function resolveQuotePolicy(policy: Partial<QuotePolicy> | undefined): QuotePolicy {
  return {
    downgradeTiming: policy?.downgradeTiming ?? defaultQuotePolicy.downgradeTiming,
    supportReview: { ...defaultQuotePolicy.supportReview, ...policy?.supportReview },
    timeBasis: policy?.timeBasis ?? defaultQuotePolicy.timeBasis,
  };
}

export function quote(input: QuoteInput): Quote {
  const policy = resolveQuotePolicy(input.policy);
  const { catalog, subscription, change, customer } = input;
  const before = termsOf(subscription);
  const atMs = parseInstant(input.at, 'at');
  const at = toIso(atMs);

  const validated = validateChange(catalog, before, change, input.subscribedProducts);
  if (validated.problems.length > 0) throw new QuoteValidationError(validated.problems);
  const { added } = validated;

  const kinds = classify(catalog, before, validated.after, added);
  const tax = decideTax(customer, catalog.tax);
  const currentItems = buildItems(catalog, before);
  const nextItems = buildItems(catalog, validated.after);
  const intervalChange = validated.after.interval !== before.interval;
  // Under `period_end`, what lowers the tier takes effect when the paid-for period ends (Stripe's
  // portal, Chargebee's end_of_term): plan downgrades and contact-limit decreases, with the rest of
  // the change riding along, so the customer keeps what they paid for until then.
  const scheduled =
    policy.downgradeTiming === 'period_end' &&
    (kinds.includes('downgrade') || kinds.includes('contact_limit_decrease'));

  // A trialing subscription has not been paid for: there is nothing to credit and nothing to charge
  // until the trial converts, so the change only alters the terms (the period stays the trial's).
  const proration =
    before.status === 'trialing'
      ? { lines: [] as Line[], newPeriodStart: before.periodStart, newPeriodEnd: before.periodEnd }
      : prorate({
          currency: before.currency,
          nextCurrency: validated.after.currency,
          interval: before.interval,
          nextInterval: validated.after.interval,
          periodStart: before.periodStart,
          periodEnd: before.periodEnd,
          at,
          current: currentItems,
          next: nextItems,
          policy: {
            // An interval change starts a new billing period today (GoTo, Stripe).
            anchor: intervalChange ? 'reset' : 'keep',
            timeBasis: policy.timeBasis,
            timing: scheduled ? 'period_end' : 'immediate',
          },
          tax: { rateBps: tax.rateBps },
        });
  const scheduledChangeAt = 'scheduledChangeAt' in proration ? proration.scheduledChangeAt : undefined;
  const scheduledPeriod = scheduledChangeAt
    ? periodAfter({
        periodStart: before.periodStart,
        periodEnd: before.periodEnd,
        interval: before.interval,
        nextInterval: validated.after.interval,
      })
    : undefined;

  const after: SubscriptionTerms = {
    ...validated.after,
    periodStart: proration.newPeriodStart,
    periodEnd: proration.newPeriodEnd,
  };
  const lines = [...proration.lines];
  let addedSubscription: AddedSubscriptionQuote | undefined;
  if (added) {
    const result = quoteAddedProduct(catalog, before, added, atMs, tax.rateBps, policy);
    addedSubscription = result.quote;
    lines.push(...result.lines);
  }

  let subtotalMinor = 0;
  let taxMinor = 0;
  for (const line of lines) {
    if (line.kind === 'tax') taxMinor += line.amountMinor;
    else subtotalMinor += line.amountMinor;
  }
  const totalMinor = subtotalMinor + taxMinor;
  const recurringBeforeMinor = recurringMinor(currentItems);
  const recurringAfterMinor = recurringMinor(nextItems);
  // "The price goes up": something is due now, or the recurring price rises. Recurring prices are
  // compared per year so that a switch to (discounted) annual billing is not mistaken for a rise.
  const paymentMethodRequired =
    totalMinor > 0 ||
    perYear(recurringAfterMinor, after.interval) > perYear(recurringBeforeMinor, before.interval);

  const route: Route =
    (kinds.includes('downgrade') && policy.supportReview.planDowngrade) ||
    (kinds.includes('contact_limit_decrease') && policy.supportReview.contactLimitDecrease)
      ? 'approval_then_support_review'
      : 'approval';

  const result: Quote = {
    at,
    currency: before.currency,
    subscriptionId: subscription.subscriptionId,
    subscriptionVersion: subscription.version,
    kinds,
    route,
    before,
    after,
    currentItems,
    nextItems,
    lines,
    subtotalMinor,
    taxMinor,
    totalMinor,
    tax,
    recurringBeforeMinor,
    recurringAfterMinor,
    newPeriodStart: proration.newPeriodStart,
    newPeriodEnd: proration.newPeriodEnd,
    nextBillingDate: scheduledChangeAt ?? proration.newPeriodEnd,
    paymentMethodRequired,
    summary: summarise(catalog, before, after, kinds, addedSubscription, scheduledChangeAt),
  };
  if (addedSubscription) result.addedSubscription = addedSubscription;
  if (scheduledChangeAt) result.scheduledChangeAt = scheduledChangeAt;
  if (scheduledPeriod) result.scheduledPeriodEnd = scheduledPeriod.end;
  return result;
}

/** Only the terms: the store's Subscription carries more (ids, timestamps) that a quote must not copy. */
function termsOf(s: SubscriptionTerms): SubscriptionTerms {
  return {
    product: s.product,
    plan: s.plan,
    seats: s.seats,
    contactLimit: s.contactLimit,
    addOns: [...s.addOns],
    interval: s.interval,
    currency: s.currency,
    status: s.status,
    // Normalised like every other instant in a quote (and validated: a bad date is INVALID_INPUT).
    periodStart: toIso(parseInstant(s.periodStart, 'subscription.periodStart')),
    periodEnd: toIso(parseInstant(s.periodEnd, 'subscription.periodEnd')),
  };
}

function classify(
  catalog: Catalog,
  before: SubscriptionTerms,
  after: SubscriptionTerms,
  added: AddedProductSpec | undefined,
): ChangeKind[] {
  const kinds: ChangeKind[] = [];
  const plans = catalog.products[before.product]?.plans;
  if (after.plan !== before.plan) {
    const rankBefore = plans?.[before.plan]?.rank ?? 0;
    const rankAfter = plans?.[after.plan]?.rank ?? 0;
    kinds.push(rankAfter > rankBefore ? 'upgrade' : 'downgrade');
  }
  if (after.seats > before.seats) kinds.push('seat_increase');
  if (after.seats < before.seats) kinds.push('seat_reduction');
  if (after.contactLimit !== null && before.contactLimit !== null) {
    if (after.contactLimit > before.contactLimit) kinds.push('contact_limit_increase');
    if (after.contactLimit < before.contactLimit) kinds.push('contact_limit_decrease');
  }
  if (after.interval !== before.interval) kinds.push('interval_change');
  if (after.addOns.some((a) => !before.addOns.includes(a))) kinds.push('add_on_added');
  if (before.addOns.some((a) => !after.addOns.includes(a))) kinds.push('add_on_removed');
  if (added) kinds.push(added.trial ? 'trial' : 'new_product');
  return kinds;
}

/**
 * Another product becomes its own subscription in the account's currency and interval: a trial costs
 * nothing until it ends; otherwise the first full period from `at` is charged now (prorate with a
 * reset anchor and no old items is exactly that). Line itemIds are prefixed with the product
 * (`campaigns/plan`) so they never collide with the main subscription's items.
 */
function quoteAddedProduct(
  catalog: Catalog,
  base: SubscriptionTerms,
  spec: AddedProductSpec,
  atMs: number,
  rateBps: number,
  policy: QuotePolicy,
): { quote: AddedSubscriptionQuote; lines: Line[] } {
  const at = toIso(atMs);
  const terms: SubscriptionTerms = {
    product: spec.product,
    plan: spec.plan,
    seats: spec.seats,
    contactLimit: spec.contactLimit,
    addOns: [],
    interval: base.interval,
    currency: base.currency,
    status: spec.trial ? 'trialing' : 'active',
    periodStart: at,
    periodEnd: at,
  };
  const items = buildItems(catalog, terms, { withProductName: true });
  const quoted: AddedSubscriptionQuote = {
    product: spec.product,
    plan: spec.plan,
    seats: spec.seats,
    trial: spec.trial,
    items,
    terms,
    recurringMinor: recurringMinor(items),
  };
  if (spec.trial) {
    const trialEndsAt = toIso(atMs + (spec.trialDays ?? 0) * DAY_MS);
    quoted.trialEndsAt = trialEndsAt;
    terms.periodEnd = trialEndsAt;
    return { quote: quoted, lines: [] };
  }
  const periodEnd = toIso(addInterval(atMs, base.interval));
  const first = prorate({
    currency: base.currency,
    interval: base.interval,
    periodStart: at,
    periodEnd,
    at,
    current: [],
    next: items,
    policy: { anchor: 'reset', timeBasis: policy.timeBasis },
    tax: { rateBps },
  });
  terms.periodEnd = first.newPeriodEnd;
  return {
    quote: quoted,
    lines: first.lines.map((line) => ({ ...line, itemId: `${spec.product}/${line.itemId}` })),
  };
}

function perYear(amountMinor: number, interval: 'month' | 'year'): number {
  return interval === 'month' ? amountMinor * 12 : amountMinor;
}

function summarise(
  catalog: Catalog,
  before: SubscriptionTerms,
  after: SubscriptionTerms,
  kinds: ChangeKind[],
  added: AddedSubscriptionQuote | undefined,
  scheduledChangeAt: string | undefined,
): string[] {
  const product = catalog.products[before.product];
  const planName = (id: string) => product?.plans[id]?.name.en ?? id;
  const addOnName = (id: string) => catalog.addOns[id]?.name.en ?? id;
  const out: string[] = [];
  if (after.plan !== before.plan) {
    const when = scheduledChangeAt ? `, takes effect ${scheduledChangeAt.slice(0, 10)}` : '';
    const kind = kinds.includes('upgrade') ? 'upgrade' : 'downgrade';
    out.push(`Plan: ${planName(before.plan)} → ${planName(after.plan)} (${kind}${when})`);
  }
  if (after.seats !== before.seats) out.push(`Seats: ${before.seats} → ${after.seats}`);
  if (
    after.contactLimit !== before.contactLimit &&
    after.contactLimit !== null &&
    before.contactLimit !== null
  ) {
    out.push(
      `Contact limit: ${before.contactLimit.toLocaleString('en')} → ${after.contactLimit.toLocaleString('en')}`,
    );
  }
  if (after.interval !== before.interval) {
    out.push(
      `Billing interval: ${intervalAdjective[before.interval]} → ${intervalAdjective[after.interval]} (new billing period from ${after.periodStart.slice(0, 10)})`,
    );
  }
  for (const a of after.addOns) if (!before.addOns.includes(a)) out.push(`Add-on added: ${addOnName(a)}`);
  for (const a of before.addOns) if (!after.addOns.includes(a)) out.push(`Add-on removed: ${addOnName(a)}`);
  if (added) {
    const p = catalog.products[added.product];
    const name = `${p?.name.en ?? added.product} ${p?.plans[added.plan]?.name.en ?? added.plan}`;
    const size =
      p?.pricing === 'contact_tiers'
        ? `${(added.terms.contactLimit ?? 0).toLocaleString('en')} contacts`
        : `${added.seats} ${added.seats === 1 ? 'seat' : 'seats'}`;
    out.push(
      added.trial
        ? `Free trial: ${name}, ${size}, until ${isoDate(Date.parse(added.trialEndsAt ?? added.terms.periodEnd))}`
        : `New product: ${name}, ${size}, billed ${intervalAdjective[added.terms.interval]} from ${added.terms.periodStart.slice(0, 10)}`,
    );
  }
  return out;
}
