// Display names for products, plans and add-ons from the catalog, localised; an id the catalog does
// not know is shown humanised so a page never breaks on a catalog change.
import type { Catalog, Locale } from '../../../activities/pricing/types.js';

export type CatalogNames = Pick<Catalog, 'products' | 'addOns'>;

function humanise(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function productName(catalog: CatalogNames, product: string, locale: Locale): string {
  return catalog.products[product]?.name[locale] ?? humanise(product);
}

export function planName(catalog: CatalogNames, product: string, plan: string, locale: Locale): string {
  return catalog.products[product]?.plans[plan]?.name[locale] ?? humanise(plan);
}

export function addOnName(catalog: CatalogNames, addOn: string, locale: Locale): string {
  return catalog.addOns[addOn]?.name[locale] ?? humanise(addOn);
}
