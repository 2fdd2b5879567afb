// Loading a catalog: parse with the zod schema and turn every issue into `{path, message}` with the
// full dotted path from the root, so an operator can fix a catalog file in one go.
import type { z } from 'zod';
import { catalogSchema } from './catalog-schema.js';
import { CatalogValidationError } from './errors.js';
import type { CatalogIssue } from './errors.js';
import type { Catalog } from './types.js';

/** Validates unknown data (e.g. parsed JSON) as a catalog; throws CatalogValidationError listing every problem. */
export function parseCatalog(data: unknown): Catalog {
  const result = catalogSchema.safeParse(data);
  if (!result.success) throw new CatalogValidationError(result.error.issues.flatMap(toCatalogIssues));
  const catalog: Catalog = result.data;
  return catalog;
}

/** Every currency the catalog's price books cover (the schema makes them all cover the same ones). */
export function catalogCurrencies(catalog: Catalog): string[] {
  const currencies = new Set<string>();
  for (const a of Object.values(catalog.addOns)) for (const c of Object.keys(a.prices)) currencies.add(c);
  for (const p of Object.values(catalog.products)) {
    for (const plan of Object.values(p.plans)) {
      for (const c of Object.keys(plan.prices ?? {})) currencies.add(c);
      for (const tier of plan.contactTiers ?? []) for (const c of Object.keys(tier.prices)) currencies.add(c);
    }
  }
  return [...currencies].sort();
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

function toCatalogIssues(issue: z.core.$ZodIssue): CatalogIssue[] {
  const path = formatPath(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys':
      return [{ path, message: `unknown field(s): ${issue.keys.join(', ')}` }];
    case 'invalid_key':
      // A bad record key (an id or a currency code): the key itself is at fault, say why.
      return issue.issues.map((inner) => ({ path, message: `invalid key: ${inner.message}` }));
    case 'invalid_element':
      return issue.issues.map((inner) => ({ path, message: inner.message }));
    default:
      return [{ path, message: issue.message }];
  }
}
