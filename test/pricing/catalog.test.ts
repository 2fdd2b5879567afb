// Catalog validation: the default catalog passes the schema; each broken catalog below is rejected
// with the full dotted path of what has to be fixed and the reason.
import { expect } from 'chai';
import {
  CatalogValidationError,
  PricingError,
  catalogCurrencies,
  defaultCatalog,
  defaultCatalogSource,
  parseCatalog,
} from '../../activities/pricing/index.js';

type Source = typeof defaultCatalogSource;
type Loose = Record<string, unknown>;

function issuesOf(mutate: (c: Source) => void): CatalogValidationError {
  const copy = structuredClone(defaultCatalogSource);
  mutate(copy);
  try {
    parseCatalog(copy);
  } catch (error) {
    expect(error).to.be.instanceOf(CatalogValidationError);
    expect(error).to.be.instanceOf(PricingError);
    return error as CatalogValidationError;
  }
  throw new Error('the broken catalog was accepted');
}

describe('pricing: the default catalog', () => {
  it('parses through the schema and is frozen', () => {
    // What the schema hands back is the catalog as written (nothing dropped, renamed or defaulted),
    // and the shared default is exactly that.
    const parsed = parseCatalog(structuredClone(defaultCatalogSource));
    expect(parsed).to.deep.equal(defaultCatalogSource);
    expect(defaultCatalog).to.deep.equal(defaultCatalogSource);
    expect(Object.keys(parsed.products).sort()).to.deep.equal(
      Object.keys(defaultCatalogSource.products).sort(),
    );
    expect(Object.isFrozen(defaultCatalog.products.suite?.plans.team?.prices)).to.equal(true);
  });

  it('describes a seat-based suite with four ranked tiers and per-plan seat ranges', () => {
    const suite = defaultCatalog.products.suite!;
    expect(suite.pricing).to.equal('per_seat');
    const byRank = Object.entries(suite.plans).sort(([, a], [, b]) => a.rank - b.rank);
    expect(byRank.map(([id]) => id)).to.deep.equal(['starter', 'team', 'professional', 'enterprise']);
    for (const [, plan] of byRank) expect(plan.seats!.min).to.be.at.most(plan.seats!.max);
  });

  it('prices campaigns by contact-limit tiers and offers free trials for other products', () => {
    const campaigns = defaultCatalog.products.campaigns!;
    expect(campaigns.pricing).to.equal('contact_tiers');
    expect(campaigns.plans.plus?.contactTiers?.map((t) => t.upTo)).to.deep.equal([
      1000, 2500, 5000, 10000, 25000,
    ]);
    expect(campaigns.trialDays).to.equal(14);
    expect(defaultCatalog.products.suite?.trialDays).to.equal(undefined);
  });

  it('has EUR, USD and JPY price books, annual discounted, and at least three add-ons', () => {
    expect(catalogCurrencies(defaultCatalog)).to.deep.equal(['EUR', 'JPY', 'USD']);
    expect(Object.keys(defaultCatalog.addOns).length).to.be.at.least(3);
    for (const plan of Object.values(defaultCatalog.products.suite!.plans)) {
      for (const prices of Object.values(plan.prices!)) expect(prices.year).to.be.below(12 * prices.month);
    }
  });

  it('has VAT for every EU state and sells from Germany', () => {
    expect(defaultCatalog.tax.sellerCountry).to.equal('DE');
    expect(defaultCatalog.tax.euCountries).to.have.length(27);
    expect(defaultCatalog.tax.vatRatesBps.DE).to.equal(1900);
    for (const c of defaultCatalog.tax.euCountries)
      expect(defaultCatalog.tax.vatRatesBps[c]).to.be.a('number');
  });
});

describe('pricing: broken catalogs are rejected with the path and the reason', () => {
  const cases: Array<[string, (c: Source) => void, string, RegExp]> = [
    [
      'a negative price',
      (c) => (c.products.suite.plans.team.prices.EUR.month = -9900),
      'products.suite.plans.team.prices.EUR.month',
      /expected a positive integer/,
    ],
    [
      'a price in major units (fraction)',
      (c) => (c.products.suite.plans.team.prices.EUR.month = 99.5),
      'products.suite.plans.team.prices.EUR.month',
      /expected a positive integer/,
    ],
    [
      'a price as a string',
      (c) => ((c.products.suite.plans.team.prices.USD as Loose).year = '109000'),
      'products.suite.plans.team.prices.USD.year',
      /expected a positive integer/,
    ],
    [
      'a missing monthly price',
      (c) => delete (c.addOns.sso.prices.JPY as Loose).month,
      'addOns.sso.prices.JPY.month',
      /is required/,
    ],
    [
      'a lower-case currency code',
      (c) => ((c.addOns.analytics.prices as Loose).eur = { month: 1, year: 1 }),
      'addOns.analytics.prices.eur',
      /currency code/,
    ],
    [
      'a currency missing from one price book',
      (c) => delete (c.addOns.sms.prices as Loose).JPY,
      'addOns.sms.prices',
      /missing JPY/,
    ],
    [
      'an annual price above 12 months',
      (c) => (c.products.campaigns.plans.plus.contactTiers[1]!.prices.EUR.year = 999_999),
      'products.campaigns.plans.plus.contactTiers[1].prices.EUR.year',
      /must not exceed 12 × the monthly price/,
    ],
    [
      'two plans with the same rank',
      (c) => (c.products.suite.plans.professional.rank = 2),
      'products.suite.plans.professional.rank',
      /already used by plan team/,
    ],
    [
      'a seat range upside down',
      (c) => (c.products.suite.plans.team.seats = { min: 50, max: 5 }),
      'products.suite.plans.team.seats.min',
      /must not exceed seats.max/,
    ],
    [
      'a per-seat plan without seats',
      (c) => delete (c.products.desk.plans.starter as Loose).seats,
      'products.desk.plans.starter.seats',
      /required for per_seat products/,
    ],
    [
      'contact tiers out of order',
      (c) => (c.products.campaigns.plans.starter.contactTiers[2]!.upTo = 2000),
      'products.campaigns.plans.starter.contactTiers[2].upTo',
      /greater than the previous tier/,
    ],
    [
      'a plan naming an unknown add-on',
      (c) => c.products.suite.plans.team.addOns.push('fax'),
      'products.suite.plans.team.addOns[2]',
      /unknown add-on fax/,
    ],
    [
      'a per-seat add-on on a contact-tier plan',
      (c) => c.products.campaigns.plans.plus.addOns.push('sso'),
      'products.campaigns.plans.plus.addOns[2]',
      /priced per seat/,
    ],
    [
      'an unknown pricing model',
      (c) => ((c.products.desk as Loose).pricing = 'per_user'),
      'products.desk.pricing',
      /per_seat/,
    ],
    [
      'an unknown field',
      (c) => ((c.products.suite.plans.team as Loose).colour = 'blue'),
      'products.suite.plans.team',
      /unknown field\(s\): colour/,
    ],
    [
      'an empty localised name',
      (c) => (c.products.suite.name.de = '  '),
      'products.suite.name.de',
      /non-empty string/,
    ],
    [
      'a product id with a dot (priceIds are dotted)',
      (c) => ((c.products as Loose)['suite.v2'] = c.products.desk),
      'products.suite.v2',
      /invalid key: expected an id/,
    ],
    [
      'an EU state without a VAT rate',
      (c) => delete (c.tax.vatRatesBps as Loose).FR,
      'tax.vatRatesBps',
      /missing the VAT rate of EU member state FR/,
    ],
    [
      'a VAT rate above 100 %',
      (c) => (c.tax.vatRatesBps.HU = 27_000),
      'tax.vatRatesBps.HU',
      /basis points from 0 to 10000/,
    ],
    [
      'a trial of zero days',
      (c) => (c.products.campaigns.trialDays = 0),
      'products.campaigns.trialDays',
      /from 1 to 365/,
    ],
  ];

  for (const [name, mutate, path, reason] of cases) {
    it(`${name}: ${path}`, () => {
      const error = issuesOf(mutate);
      expect(error.code).to.equal('INVALID_CATALOG');
      const issue = error.issues.find((i) => i.path === path);
      expect(issue, `issues: ${JSON.stringify(error.issues)}`).to.not.equal(undefined);
      expect(issue!.message).to.match(reason);
      expect(error.message).to.contain(`${path}: ${issue!.message}`);
    });
  }

  it('lists every problem at once', () => {
    const error = issuesOf((c) => {
      c.products.suite.plans.team.prices.EUR.month = 0;
      c.addOns.sso.prices.USD.year = -1;
      (c.tax as Loose).sellerCountry = 'de';
    });
    expect(error.issues.map((i) => i.path)).to.have.members([
      'products.suite.plans.team.prices.EUR.month',
      'addOns.sso.prices.USD.year',
      'tax.sellerCountry',
    ]);
    expect(error.message).to.match(/3 problems/);
  });

  it('rejects things that are not catalogs at all', () => {
    for (const notACatalog of [null, 42, 'catalog', [], {}]) {
      expect(() => parseCatalog(notACatalog)).to.throw(CatalogValidationError);
    }
  });
});
