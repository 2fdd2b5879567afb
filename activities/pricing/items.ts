// From subscription terms to billable items: one item per component, priced from the catalog.
//   per_seat products:      itemId `seats`, quantity = seats, priceId `suite.team.EUR.month`
//   contact-tier products:  itemId `plan`, quantity 1, priceId `campaigns.plus.2500.EUR.month`
//   add-ons:                itemId `addon:<id>`, quantity = seats (perSeat) or 1, priceId `addon.sso.EUR.month`
// Callers validate the terms first (quote.ts); a missing price here is a programming error.
import type { BillingInterval, Catalog, CatalogPlan, Item, SubscriptionTerms } from './types.js';

export const intervalAdjective: Record<BillingInterval, string> = { month: 'monthly', year: 'yearly' };

export interface ItemOptions {
  /** Prefix plan labels with the product name (for a newly added product next to the main one). */
  withProductName?: boolean;
}

export function buildItems(catalog: Catalog, terms: SubscriptionTerms, options: ItemOptions = {}): Item[] {
  const product = catalog.products[terms.product];
  const plan = product?.plans[terms.plan];
  if (!product || !plan) throw new Error(`buildItems: unknown plan ${terms.product}.${terms.plan}`);
  const { currency, interval } = terms;
  const cadence = intervalAdjective[interval];
  const planName = options.withProductName ? `${product.name.en} ${plan.name.en}` : plan.name.en;
  const items: Item[] = [];

  if (product.pricing === 'per_seat') {
    items.push({
      itemId: 'seats',
      priceId: `${terms.product}.${terms.plan}.${currency}.${interval}`,
      unitAmountMinor: price(plan.prices?.[currency]?.[interval], `${terms.product}.${terms.plan}`),
      quantity: terms.seats,
      label: `${planName} (${cadence})`,
    });
  } else {
    const tier = tierFor(plan, terms.contactLimit);
    items.push({
      itemId: 'plan',
      priceId: `${terms.product}.${terms.plan}.${tier?.upTo}.${currency}.${interval}`,
      unitAmountMinor: price(tier?.prices[currency]?.[interval], `${terms.product}.${terms.plan}`),
      quantity: 1,
      label: `${planName} up to ${tier?.upTo.toLocaleString('en')} contacts (${cadence})`,
    });
  }

  for (const addOnId of terms.addOns) {
    const addOn = catalog.addOns[addOnId];
    if (!addOn) throw new Error(`buildItems: unknown add-on ${addOnId}`);
    items.push({
      itemId: `addon:${addOnId}`,
      priceId: `addon.${addOnId}.${currency}.${interval}`,
      unitAmountMinor: price(addOn.prices[currency]?.[interval], `addon ${addOnId}`),
      quantity: addOn.perSeat ? terms.seats : 1,
      label: `${addOn.name.en} add-on (${cadence})`,
    });
  }
  return items;
}

/** The tier whose limit is exactly `contactLimit` (limits are chosen from the tiers, never in between). */
export function tierFor(plan: CatalogPlan, contactLimit: number | null) {
  return plan.contactTiers?.find((t) => t.upTo === contactLimit);
}

/** Recurring price per interval of a set of items. */
export function recurringMinor(items: Item[]): number {
  return items.reduce((sum, i) => sum + i.unitAmountMinor * i.quantity, 0);
}

function price(value: number | undefined, what: string): number {
  if (value === undefined) throw new Error(`buildItems: no price for ${what}`);
  return value;
}
