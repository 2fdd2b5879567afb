// The zod schema of a catalog: the single source of truth for what a valid catalog is. Shape checks
// are declared field by field; rules that span fields (ranks, currencies, add-on references, tax
// coverage) are in `crossChecks`, each reported at the exact path that has to be fixed.
import { z } from 'zod';
import { isKnownCurrency } from './money.js';

type Issue = z.core.$ZodRawIssue;

/** A message for a field, with "is required" when the field is missing altogether. */
function expected(what: string) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : what) };
}

// Ids end up inside priceIds joined by dots (`suite.team.EUR.month`), so dots are not allowed.
const idPattern = /^[a-z][a-z0-9_-]{0,39}$/;
const idMessage = 'expected an id of lower-case letters, digits, "_" and "-", starting with a letter';
const id = z.string(expected(idMessage)).regex(idPattern, idMessage);

const positiveInt = z
  .int(expected('expected a positive integer'))
  .positive('expected a positive integer')
  .max(Number.MAX_SAFE_INTEGER, 'expected a positive integer');

const currencyCode = z
  .string()
  .refine(isKnownCurrency, 'expected an ISO 4217 currency code in upper case, such as EUR');

const countryCode = z
  .string(expected('expected an ISO 3166-1 alpha-2 country code such as DE'))
  .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 country code in upper case, such as DE');

const text = z.string(expected('expected a non-empty string')).trim().min(1, 'expected a non-empty string');
const localisedText = z.strictObject({ de: text, en: text }, expected('expected an object {de, en}'));

/** Amounts in minor units per billing interval. */
const intervalPrices = z.strictObject(
  { month: positiveInt, year: positiveInt },
  expected('expected an object {month, year}'),
);

const priceBook = z
  .record(currencyCode, intervalPrices, expected('expected prices by currency: {EUR: {month, year}}'))
  .refine((book) => Object.keys(book).length > 0, 'expected at least one currency');

const contactTier = z.strictObject(
  { upTo: positiveInt, prices: priceBook },
  expected('expected an object {upTo, prices}'),
);

const plan = z.strictObject(
  {
    name: localisedText,
    rank: z.int(expected('expected an integer rank')),
    seats: z
      .strictObject({ min: positiveInt, max: positiveInt }, expected('expected an object {min, max}'))
      .optional(),
    prices: priceBook.optional(),
    contactTiers: z
      .array(contactTier, expected('expected an array of tiers'))
      .min(1, 'expected at least one tier')
      .optional(),
    addOns: z.array(id, expected('expected an array of add-on ids')),
  },
  expected('expected a plan object'),
);

const product = z.strictObject(
  {
    name: localisedText,
    pricing: z.enum(['per_seat', 'contact_tiers'], expected('expected "per_seat" or "contact_tiers"')),
    trialDays: z
      .int(expected('expected a whole number of days from 1 to 365'))
      .min(1, 'expected a whole number of days from 1 to 365')
      .max(365, 'expected a whole number of days from 1 to 365')
      .optional(),
    plans: z
      .record(id, plan, expected('expected plans by id'))
      .refine((plans) => Object.keys(plans).length > 0, 'expected at least one plan'),
  },
  expected('expected a product object'),
);

const addOn = z.strictObject(
  { name: localisedText, perSeat: z.boolean(expected('expected true or false')), prices: priceBook },
  expected('expected an add-on object'),
);

const tax = z.strictObject(
  {
    vatRatesBps: z.record(
      countryCode,
      z
        .int(expected('expected a rate in basis points from 0 to 10000'))
        .min(0, 'expected a rate in basis points from 0 to 10000')
        .max(10_000, 'expected a rate in basis points from 0 to 10000'),
      expected('expected VAT rates by country'),
    ),
    euCountries: z.array(countryCode, expected('expected an array of country codes')),
    sellerCountry: countryCode,
  },
  expected('expected a tax object'),
);

export const catalogSchema = z
  .strictObject(
    {
      products: z
        .record(id, product, expected('expected products by id'))
        .refine((p) => Object.keys(p).length > 0, 'expected at least one product'),
      addOns: z.record(id, addOn, expected('expected add-ons by id')),
      tax,
    },
    expected('expected a catalog object'),
  )
  .superRefine(
    (catalog, ctx) => {
      for (const issue of crossChecks(catalog)) ctx.addIssue(issue);
    },
    // Cross-field rules only make sense (and are only safe) on a catalog whose shape is valid.
    { when: (payload) => payload.issues.length === 0 },
  );

export type CatalogData = z.infer<typeof catalogSchema>;

function crossChecks(catalog: CatalogData): Issue[] {
  const issues: Issue[] = [];
  const add = (path: PropertyKey[], message: string) =>
    issues.push({ code: 'custom', path, message, input: undefined });
  const books: Array<{ path: PropertyKey[]; book: Record<string, { month: number; year: number }> }> = [];

  for (const [productId, prod] of Object.entries(catalog.products)) {
    const ranks = new Map<number, string>();
    for (const [planId, p] of Object.entries(prod.plans)) {
      const at = ['products', productId, 'plans', planId];
      const owner = ranks.get(p.rank);
      if (owner !== undefined) {
        add(
          [...at, 'rank'],
          `rank ${p.rank} is already used by plan ${owner}; ranks order the tiers and must differ`,
        );
      }
      ranks.set(p.rank, planId);

      if (prod.pricing === 'per_seat') {
        if (!p.seats) add([...at, 'seats'], 'is required for per_seat products');
        if (!p.prices) add([...at, 'prices'], 'is required for per_seat products');
        if (p.contactTiers) add([...at, 'contactTiers'], 'is only allowed for contact_tiers products');
      } else {
        if (!p.contactTiers) add([...at, 'contactTiers'], 'is required for contact_tiers products');
        if (p.prices)
          add([...at, 'prices'], 'is not allowed for contact_tiers products (prices go in contactTiers)');
        if (p.seats) add([...at, 'seats'], 'is only allowed for per_seat products');
      }
      if (p.seats && p.seats.min > p.seats.max) {
        add([...at, 'seats', 'min'], `must not exceed seats.max (${p.seats.max})`);
      }
      if (p.prices) books.push({ path: [...at, 'prices'], book: p.prices });
      p.contactTiers?.forEach((tier, i) => {
        const previous = p.contactTiers?.[i - 1];
        if (previous && tier.upTo <= previous.upTo) {
          add(
            [...at, 'contactTiers', i, 'upTo'],
            `must be greater than the previous tier's upTo (${previous.upTo})`,
          );
        }
        books.push({ path: [...at, 'contactTiers', i, 'prices'], book: tier.prices });
      });

      const seen = new Set<string>();
      p.addOns.forEach((addOnId, i) => {
        const a = catalog.addOns[addOnId];
        if (seen.has(addOnId)) add([...at, 'addOns', i], `add-on ${addOnId} is listed twice`);
        seen.add(addOnId);
        if (!a) add([...at, 'addOns', i], `unknown add-on ${addOnId} (not in addOns)`);
        else if (a.perSeat && prod.pricing !== 'per_seat') {
          add([...at, 'addOns', i], `add-on ${addOnId} is priced per seat, but ${productId} has no seats`);
        }
      });
    }
  }
  for (const [addOnId, a] of Object.entries(catalog.addOns)) {
    books.push({ path: ['addOns', addOnId, 'prices'], book: a.prices });
  }

  // Annual prices are the discounted option: paying for a year must never cost more than 12 months.
  for (const { path, book } of books) {
    for (const [currency, prices] of Object.entries(book)) {
      if (prices.year > 12 * prices.month) {
        add([...path, currency, 'year'], `must not exceed 12 × the monthly price (${12 * prices.month})`);
      }
    }
  }

  // Every price book covers the same currencies, so "the account's currency is in the price book" is
  // one question for the whole catalog and a quote never half-works.
  const currencies = [...new Set(books.flatMap(({ book }) => Object.keys(book)))].sort();
  for (const { path, book } of books) {
    const missing = currencies.filter((c) => !(c in book));
    if (missing.length > 0) {
      add(path, `missing ${missing.join(', ')} (every price book must cover ${currencies.join(', ')})`);
    }
  }

  const rates = catalog.tax.vatRatesBps;
  const euSeen = new Set<string>();
  catalog.tax.euCountries.forEach((country, i) => {
    if (euSeen.has(country)) add(['tax', 'euCountries', i], `${country} is listed twice`);
    euSeen.add(country);
    if (!(country in rates))
      add(['tax', 'vatRatesBps'], `missing the VAT rate of EU member state ${country}`);
  });
  if (!(catalog.tax.sellerCountry in rates)) {
    add(
      ['tax', 'sellerCountry'],
      `no VAT rate for the seller's country ${catalog.tax.sellerCountry} in vatRatesBps`,
    );
  }
  return issues;
}
