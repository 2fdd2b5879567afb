// The default catalog (issue 3): three products, three price books, five add-ons, EU VAT.
// A typed literal instead of a JSON file so that the pricing module stays free of I/O; it still goes
// through the same zod schema as an operator's catalog file, at module load.
// Prices are minor units per seat (per_seat) or per account (contact tiers) and interval; annual
// prices are 10 × monthly (two months free). USD is about +10 %, JPY about 1.6 yen per euro cent.
import { parseCatalog } from './catalog.js';
import type { Catalog } from './types.js';

/** Monthly prices in EUR, USD and JPY minor units; the annual price is always ten months. */
function monthly(eur: number, usd: number, jpy: number) {
  return {
    EUR: { month: eur, year: eur * 10 },
    USD: { month: usd, year: usd * 10 },
    JPY: { month: jpy, year: jpy * 10 },
  };
}

/** A display name that reads the same in German and English. */
function sameName(name: string) {
  return { de: name, en: name };
}

/** Monthly prices in EUR, USD and JPY minor units, as monthly() takes them. */
type Monthly = [eur: number, usd: number, jpy: number];

// The Campaigns price table: per tier (up to that many contacts), the monthly [EUR, USD, JPY] prices of
// Starter, Plus, Professional and Enterprise, in that order.
const campaignTiers: [upTo: number, ...plans: Monthly[]][] = [
  [1000, [1500, 1700, 2400], [4900, 5400, 7840], [7900, 8700, 12640], [14500, 15900, 23200]],
  [2500, [2900, 3200, 4640], [6900, 7600, 11040], [10900, 11900, 17440], [17900, 19700, 28640]],
  [5000, [4900, 5400, 7840], [9900, 10900, 15840], [15900, 17500, 25440], [24900, 27400, 39840]],
  [10000, [8900, 9800, 14240], [14900, 16400, 23840], [23900, 26300, 38240], [34900, 38400, 55840]],
  [25000, [17900, 19700, 28640], [27900, 30700, 44640], [39900, 43900, 63840], [54900, 60400, 87840]],
];

/** A per-seat plan whose name reads the same in both languages. */
function seatPlan(
  name: string,
  rank: number,
  seats: { min: number; max: number },
  prices: ReturnType<typeof monthly>,
  addOns: string[],
) {
  return { name: sameName(name), rank, seats, prices, addOns };
}

/** A Campaigns plan: its column of campaignTiers, with a name that reads the same in both languages. */
function tierPlan(name: string, rank: number, addOns: string[], column: number) {
  const contactTiers = campaignTiers.map(([upTo, ...plans]) => ({
    upTo,
    prices: monthly(...plans[column]!),
  }));
  return { name: sameName(name), rank, contactTiers, addOns };
}

/** An add-on: a flat price per interval, or per seat when perSeat is true. */
function addOn(
  name: { de: string; en: string },
  { perSeat }: { perSeat: boolean },
  prices: ReturnType<typeof monthly>,
) {
  return { name, perSeat, prices };
}

export const defaultCatalogSource = {
  products: {
    suite: {
      name: sameName('Suite'),
      pricing: 'per_seat',
      plans: {
        starter: seatPlan('Starter', 1, { min: 1, max: 10 }, monthly(2900, 3200, 4640), ['analytics']),
        team: seatPlan('Team', 2, { min: 1, max: 100 }, monthly(9900, 10900, 15840), [
          'analytics',
          'priority_support',
        ]),
        professional: seatPlan('Professional', 3, { min: 3, max: 500 }, monthly(29900, 32900, 47840), [
          'analytics',
          'priority_support',
          'sso',
        ]),
        enterprise: seatPlan('Enterprise', 4, { min: 10, max: 10000 }, monthly(49900, 54900, 79840), [
          'analytics',
          'priority_support',
          'sso',
        ]),
      },
    },
    campaigns: {
      name: { de: 'Kampagnen', en: 'Campaigns' },
      pricing: 'contact_tiers',
      trialDays: 14,
      plans: {
        starter: tierPlan('Starter', 1, ['sms'], 0),
        plus: tierPlan('Plus', 2, ['sms', 'landing_pages'], 1),
        professional: tierPlan('Professional', 3, ['sms', 'landing_pages', 'analytics'], 2),
        enterprise: tierPlan('Enterprise', 4, ['sms', 'landing_pages', 'analytics', 'priority_support'], 3),
      },
    },
    desk: {
      name: sameName('Desk'),
      pricing: 'per_seat',
      trialDays: 30,
      plans: {
        starter: seatPlan('Starter', 1, { min: 1, max: 25 }, monthly(1900, 2100, 3040), []),
        team: seatPlan('Team', 2, { min: 1, max: 250 }, monthly(4900, 5400, 7840), ['priority_support']),
      },
    },
  },
  addOns: {
    analytics: addOn({ de: 'Auswertungen', en: 'Analytics' }, { perSeat: false }, monthly(4900, 5400, 7840)),
    priority_support: addOn(
      { de: 'Premium-Support', en: 'Priority support' },
      { perSeat: false },
      monthly(9900, 10900, 15840),
    ),
    sso: addOn({ de: 'Single Sign-on', en: 'Single sign-on' }, { perSeat: true }, monthly(500, 550, 800)),
    sms: addOn({ de: 'SMS-Versand', en: 'SMS messaging' }, { perSeat: false }, monthly(1900, 2100, 3040)),
    landing_pages: addOn(
      { de: 'Landingpages', en: 'Landing pages' },
      { perSeat: false },
      monthly(2900, 3200, 4640),
    ),
  },
  tax: {
    // Standard rates in basis points (as of 2026); every EU member state must be listed.
    vatRatesBps: {
      AT: 2000,
      BE: 2100,
      BG: 2000,
      CY: 1900,
      CZ: 2100,
      DE: 1900,
      DK: 2500,
      EE: 2400,
      ES: 2100,
      FI: 2550,
      FR: 2000,
      GR: 2400,
      HR: 2500,
      HU: 2700,
      IE: 2300,
      IT: 2200,
      LT: 2100,
      LU: 1700,
      LV: 2100,
      MT: 1800,
      NL: 2100,
      PL: 2300,
      PT: 2300,
      RO: 2100,
      SE: 2500,
      SI: 2200,
      SK: 2300,
    },
    euCountries: [
      'AT',
      'BE',
      'BG',
      'CY',
      'CZ',
      'DE',
      'DK',
      'EE',
      'ES',
      'FI',
      'FR',
      'GR',
      'HR',
      'HU',
      'IE',
      'IT',
      'LT',
      'LU',
      'LV',
      'MT',
      'NL',
      'PL',
      'PT',
      'RO',
      'SE',
      'SI',
      'SK',
    ],
    sellerCountry: 'DE',
  },
} satisfies Catalog;

/** The default catalog, validated by the same schema as any other catalog and frozen (it is shared). */
export const defaultCatalog: Catalog = deepFreeze(parseCatalog(defaultCatalogSource));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
