// Display names for products, plans and add-ons. The catalog has them localised; without a catalog
// (or for an id it does not know) the id itself is shown, capitalised, so a mail still goes out and a
// page never breaks on a catalog change.
import type { Catalog, Locale } from '../pricing/types.js';

/** The part of the catalog that names things. */
export type CatalogNames = Pick<Catalog, 'products' | 'addOns'>;
/** Emails may be rendered without a catalog (tests, a support notice): then ids are shown. */
export type NameSource = CatalogNames | undefined;

/** `priority_support` -> "Priority support". */
export function humaniseId(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function productName(catalog: NameSource, product: string, locale: Locale): string {
  return catalog?.products[product]?.name[locale] ?? humaniseId(product);
}

export function planName(catalog: NameSource, product: string, plan: string, locale: Locale): string {
  return catalog?.products[product]?.plans[plan]?.name[locale] ?? humaniseId(plan);
}

export function addOnName(catalog: NameSource, addOn: string, locale: Locale): string {
  return catalog?.addOns[addOn]?.name[locale] ?? humaniseId(addOn);
}
