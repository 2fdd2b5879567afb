// The default catalog (issue 3): three products, three price books, five add-ons, EU VAT.
// A typed literal instead of a JSON file so that the pricing module stays free of I/O; it still goes
// through the same zod schema as an operator's catalog file, at module load.
// Prices are minor units per seat (per_seat) or per account (contact tiers) and interval; annual
// prices are 10 × monthly (two months free). USD is about +10 %, JPY about 1.6 yen per euro cent.
import { parseCatalog } from './catalog.js';
import type { Catalog } from './types.js';

export const defaultCatalogSource = {
  products: {
    suite: {
      name: { de: 'Suite', en: 'Suite' },
      pricing: 'per_seat',
      plans: {
        starter: {
          name: { de: 'Starter', en: 'Starter' },
          rank: 1,
          seats: { min: 1, max: 10 },
          prices: {
            EUR: { month: 2900, year: 29000 },
            USD: { month: 3200, year: 32000 },
            JPY: { month: 4640, year: 46400 },
          },
          addOns: ['analytics'],
        },
        team: {
          name: { de: 'Team', en: 'Team' },
          rank: 2,
          seats: { min: 1, max: 100 },
          prices: {
            EUR: { month: 9900, year: 99000 },
            USD: { month: 10900, year: 109000 },
            JPY: { month: 15840, year: 158400 },
          },
          addOns: ['analytics', 'priority_support'],
        },
        professional: {
          name: { de: 'Professional', en: 'Professional' },
          rank: 3,
          seats: { min: 3, max: 500 },
          prices: {
            EUR: { month: 29900, year: 299000 },
            USD: { month: 32900, year: 329000 },
            JPY: { month: 47840, year: 478400 },
          },
          addOns: ['analytics', 'priority_support', 'sso'],
        },
        enterprise: {
          name: { de: 'Enterprise', en: 'Enterprise' },
          rank: 4,
          seats: { min: 10, max: 10000 },
          prices: {
            EUR: { month: 49900, year: 499000 },
            USD: { month: 54900, year: 549000 },
            JPY: { month: 79840, year: 798400 },
          },
          addOns: ['analytics', 'priority_support', 'sso'],
        },
      },
    },
    campaigns: {
      name: { de: 'Kampagnen', en: 'Campaigns' },
      pricing: 'contact_tiers',
      trialDays: 14,
      plans: {
        starter: {
          name: { de: 'Starter', en: 'Starter' },
          rank: 1,
          contactTiers: [
            {
              upTo: 1000,
              prices: {
                EUR: { month: 1500, year: 15000 },
                USD: { month: 1700, year: 17000 },
                JPY: { month: 2400, year: 24000 },
              },
            },
            {
              upTo: 2500,
              prices: {
                EUR: { month: 2900, year: 29000 },
                USD: { month: 3200, year: 32000 },
                JPY: { month: 4640, year: 46400 },
              },
            },
            {
              upTo: 5000,
              prices: {
                EUR: { month: 4900, year: 49000 },
                USD: { month: 5400, year: 54000 },
                JPY: { month: 7840, year: 78400 },
              },
            },
            {
              upTo: 10000,
              prices: {
                EUR: { month: 8900, year: 89000 },
                USD: { month: 9800, year: 98000 },
                JPY: { month: 14240, year: 142400 },
              },
            },
            {
              upTo: 25000,
              prices: {
                EUR: { month: 17900, year: 179000 },
                USD: { month: 19700, year: 197000 },
                JPY: { month: 28640, year: 286400 },
              },
            },
          ],
          addOns: ['sms'],
        },
        plus: {
          name: { de: 'Plus', en: 'Plus' },
          rank: 2,
          contactTiers: [
            {
              upTo: 1000,
              prices: {
                EUR: { month: 4900, year: 49000 },
                USD: { month: 5400, year: 54000 },
                JPY: { month: 7840, year: 78400 },
              },
            },
            {
              upTo: 2500,
              prices: {
                EUR: { month: 6900, year: 69000 },
                USD: { month: 7600, year: 76000 },
                JPY: { month: 11040, year: 110400 },
              },
            },
            {
              upTo: 5000,
              prices: {
                EUR: { month: 9900, year: 99000 },
                USD: { month: 10900, year: 109000 },
                JPY: { month: 15840, year: 158400 },
              },
            },
            {
              upTo: 10000,
              prices: {
                EUR: { month: 14900, year: 149000 },
                USD: { month: 16400, year: 164000 },
                JPY: { month: 23840, year: 238400 },
              },
            },
            {
              upTo: 25000,
              prices: {
                EUR: { month: 27900, year: 279000 },
                USD: { month: 30700, year: 307000 },
                JPY: { month: 44640, year: 446400 },
              },
            },
          ],
          addOns: ['sms', 'landing_pages'],
        },
        professional: {
          name: { de: 'Professional', en: 'Professional' },
          rank: 3,
          contactTiers: [
            {
              upTo: 1000,
              prices: {
                EUR: { month: 7900, year: 79000 },
                USD: { month: 8700, year: 87000 },
                JPY: { month: 12640, year: 126400 },
              },
            },
            {
              upTo: 2500,
              prices: {
                EUR: { month: 10900, year: 109000 },
                USD: { month: 11900, year: 119000 },
                JPY: { month: 17440, year: 174400 },
              },
            },
            {
              upTo: 5000,
              prices: {
                EUR: { month: 15900, year: 159000 },
                USD: { month: 17500, year: 175000 },
                JPY: { month: 25440, year: 254400 },
              },
            },
            {
              upTo: 10000,
              prices: {
                EUR: { month: 23900, year: 239000 },
                USD: { month: 26300, year: 263000 },
                JPY: { month: 38240, year: 382400 },
              },
            },
            {
              upTo: 25000,
              prices: {
                EUR: { month: 39900, year: 399000 },
                USD: { month: 43900, year: 439000 },
                JPY: { month: 63840, year: 638400 },
              },
            },
          ],
          addOns: ['sms', 'landing_pages', 'analytics'],
        },
        enterprise: {
          name: { de: 'Enterprise', en: 'Enterprise' },
          rank: 4,
          contactTiers: [
            {
              upTo: 1000,
              prices: {
                EUR: { month: 14500, year: 145000 },
                USD: { month: 15900, year: 159000 },
                JPY: { month: 23200, year: 232000 },
              },
            },
            {
              upTo: 2500,
              prices: {
                EUR: { month: 17900, year: 179000 },
                USD: { month: 19700, year: 197000 },
                JPY: { month: 28640, year: 286400 },
              },
            },
            {
              upTo: 5000,
              prices: {
                EUR: { month: 24900, year: 249000 },
                USD: { month: 27400, year: 274000 },
                JPY: { month: 39840, year: 398400 },
              },
            },
            {
              upTo: 10000,
              prices: {
                EUR: { month: 34900, year: 349000 },
                USD: { month: 38400, year: 384000 },
                JPY: { month: 55840, year: 558400 },
              },
            },
            {
              upTo: 25000,
              prices: {
                EUR: { month: 54900, year: 549000 },
                USD: { month: 60400, year: 604000 },
                JPY: { month: 87840, year: 878400 },
              },
            },
          ],
          addOns: ['sms', 'landing_pages', 'analytics', 'priority_support'],
        },
      },
    },
    desk: {
      name: { de: 'Desk', en: 'Desk' },
      pricing: 'per_seat',
      trialDays: 30,
      plans: {
        starter: {
          name: { de: 'Starter', en: 'Starter' },
          rank: 1,
          seats: { min: 1, max: 25 },
          prices: {
            EUR: { month: 1900, year: 19000 },
            USD: { month: 2100, year: 21000 },
            JPY: { month: 3040, year: 30400 },
          },
          addOns: [],
        },
        team: {
          name: { de: 'Team', en: 'Team' },
          rank: 2,
          seats: { min: 1, max: 250 },
          prices: {
            EUR: { month: 4900, year: 49000 },
            USD: { month: 5400, year: 54000 },
            JPY: { month: 7840, year: 78400 },
          },
          addOns: ['priority_support'],
        },
      },
    },
  },
  addOns: {
    analytics: {
      name: { de: 'Auswertungen', en: 'Analytics' },
      perSeat: false,
      prices: {
        EUR: { month: 4900, year: 49000 },
        USD: { month: 5400, year: 54000 },
        JPY: { month: 7840, year: 78400 },
      },
    },
    priority_support: {
      name: { de: 'Premium-Support', en: 'Priority support' },
      perSeat: false,
      prices: {
        EUR: { month: 9900, year: 99000 },
        USD: { month: 10900, year: 109000 },
        JPY: { month: 15840, year: 158400 },
      },
    },
    sso: {
      name: { de: 'Single Sign-on', en: 'Single sign-on' },
      perSeat: true,
      prices: {
        EUR: { month: 500, year: 5000 },
        USD: { month: 550, year: 5500 },
        JPY: { month: 800, year: 8000 },
      },
    },
    sms: {
      name: { de: 'SMS-Versand', en: 'SMS messaging' },
      perSeat: false,
      prices: {
        EUR: { month: 1900, year: 19000 },
        USD: { month: 2100, year: 21000 },
        JPY: { month: 3040, year: 30400 },
      },
    },
    landing_pages: {
      name: { de: 'Landingpages', en: 'Landing pages' },
      perSeat: false,
      prices: {
        EUR: { month: 2900, year: 29000 },
        USD: { month: 3200, year: 32000 },
        JPY: { month: 4640, year: 46400 },
      },
    },
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
