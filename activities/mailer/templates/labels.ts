// Display names for products, plans and add-ons. The catalog has them localised; without a catalog
// (or for an id it does not know) the id itself is shown, capitalised, so a mail still goes out.
import type { Catalog, Locale } from '../../pricing/types.js';

export type NameSource = Pick<Catalog, 'products' | 'addOns'> | undefined;

function humanise(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function productName(catalog: NameSource, product: string, locale: Locale): string {
  return catalog?.products[product]?.name[locale] ?? humanise(product);
}

export function planName(catalog: NameSource, product: string, plan: string, locale: Locale): string {
  return catalog?.products[product]?.plans[plan]?.name[locale] ?? humanise(plan);
}

export function addOnName(catalog: NameSource, addOn: string, locale: Locale): string {
  return catalog?.addOns[addOn]?.name[locale] ?? humanise(addOn);
}
