// quote(): validation against the catalog, classification, routing, tax and totals.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  QuoteValidationError,
  defaultCatalog,
  defaultCatalogSource,
  parseCatalog,
  quote,
} from '../../activities/pricing/index.js';
import type {
  ChangeSet,
  QuoteInput,
  QuotedSubscription,
  TaxCustomer,
} from '../../activities/pricing/index.js';
import { sampleTerms } from '../mailer/fixtures.js';

// The same suite Team × 5 with Analytics the mailer tests quote by hand (version 3 of sub_acme_1).
const suiteSub: QuotedSubscription = { subscriptionId: 'sub_acme_1', version: 3, ...sampleTerms };

const campaignsSub: QuotedSubscription = {
  ...suiteSub,
  subscriptionId: 'sub_c',
  product: 'campaigns',
  plan: 'plus',
  seats: 1,
  contactLimit: 2500,
  addOns: ['sms'],
};

const germany: TaxCustomer = { country: 'DE', vatId: null };
const at = '2025-03-16T00:00:00.000Z'; // 16 of 31 March days left

function q(change: ChangeSet, over: Partial<QuoteInput> = {}) {
  return quote({ catalog: defaultCatalog, customer: germany, subscription: suiteSub, change, at, ...over });
}

function problemsOf(change: ChangeSet, over: Partial<QuoteInput> = {}) {
  try {
    q(change, over);
  } catch (error) {
    expect(error).to.be.instanceOf(QuoteValidationError);
    expect((error as QuoteValidationError).code).to.equal('INVALID_CHANGE');
    return (error as QuoteValidationError).problems;
  }
  throw new Error('the change was accepted');
}

describe('pricing: quote', () => {
  it('prices an upgrade with more seats (same numbers as the hand-computed mailer fixture)', () => {
    const result = q({ plan: 'professional', seats: 8 });
    expect(result.kinds).to.deep.equal(['upgrade', 'seat_increase']);
    expect(result.route).to.equal('approval');
    expect(
      result.currentItems.map((i) => [i.itemId, i.priceId, i.unitAmountMinor, i.quantity]),
    ).to.deep.equal([
      ['seats', 'suite.team.EUR.month', 9900, 5],
      ['addon:analytics', 'addon.analytics.EUR.month', 4900, 1],
    ]);
    expect(result.nextItems[0]).to.include({ priceId: 'suite.professional.EUR.month', quantity: 8 });
    // -49500 × 16/31 = -25548, tax -4854; 239200 × 16/31 = 123458, tax 23457. The add-on is unchanged.
    expect(result.lines.map((l) => l.amountMinor)).to.deep.equal([-25548, -4854, 123458, 23457]);
    expect(result).to.include({
      subtotalMinor: 97910,
      taxMinor: 18603,
      totalMinor: 116513,
      recurringBeforeMinor: 54400,
      recurringAfterMinor: 244100,
      nextBillingDate: '2025-04-01T00:00:00.000Z',
      paymentMethodRequired: true,
      subscriptionVersion: 3,
    });
    expect(result.after).to.include({
      plan: 'professional',
      seats: 8,
      periodEnd: '2025-04-01T00:00:00.000Z',
    });
    expect(result.summary).to.deep.equal(['Plan: Team → Professional (upgrade)', 'Seats: 5 → 8']);
  });

  it('routes plan downgrades to support review by default, and not when the policy says so', () => {
    const result = q({ plan: 'starter' });
    expect(result.kinds).to.deep.equal(['downgrade']);
    expect(result.route).to.equal('approval_then_support_review');
    expect(result.totalMinor).to.be.below(0);
    expect(result.paymentMethodRequired).to.equal(false);
    const relaxed = q(
      { plan: 'starter' },
      { policy: { supportReview: { planDowngrade: false, contactLimitDecrease: true } } },
    );
    expect(relaxed.route).to.equal('approval');
  });

  it("schedules downgrades at the period end with downgradeTiming 'period_end'", () => {
    const result = q({ plan: 'starter' }, { policy: { downgradeTiming: 'period_end' } });
    expect(result.lines).to.deep.equal([]);
    expect(result.totalMinor).to.equal(0);
    expect(result.scheduledChangeAt).to.equal('2025-04-01T00:00:00.000Z');
    expect(result.nextBillingDate).to.equal('2025-04-01T00:00:00.000Z');
    // Nothing changes until then: the terms keep the current period; the new one starts at the date.
    expect(result.after).to.include({
      periodStart: '2025-03-01T00:00:00.000Z',
      periodEnd: '2025-04-01T00:00:00.000Z',
    });
    expect(result.scheduledPeriodEnd).to.equal('2025-05-01T00:00:00.000Z');
    expect(result.summary[0]).to.equal('Plan: Team → Starter (downgrade, takes effect 2025-04-01)');
  });

  it('keeps seat reductions self-service', () => {
    const result = q({ seats: 3 });
    expect(result.kinds).to.deep.equal(['seat_reduction']);
    expect(result.route).to.equal('approval');
    expect(result.paymentMethodRequired).to.equal(false);
    // -49500 × 16/31 = -25548 and 29700 × 16/31 = 15329: net -10219 before VAT.
    expect(result.subtotalMinor).to.equal(-10219);
  });

  it('routes contact-limit decreases to support review, increases straight to approval', () => {
    const down = q({ contactLimit: 1000 }, { subscription: campaignsSub });
    expect(down.kinds).to.deep.equal(['contact_limit_decrease']);
    expect(down.route).to.equal('approval_then_support_review');
    const up = q({ contactLimit: 10000 }, { subscription: campaignsSub });
    expect(up.kinds).to.deep.equal(['contact_limit_increase']);
    expect(up.route).to.equal('approval');
    expect(up.nextItems[0]).to.include({
      itemId: 'plan',
      priceId: 'campaigns.plus.10000.EUR.month',
      quantity: 1,
    });
    expect(up.summary).to.deep.equal(['Contact limit: 2,500 → 10,000']);
  });

  it('starts a new billing period today on an interval change', () => {
    const result = q({ interval: 'year' });
    expect(result.kinds).to.deep.equal(['interval_change']);
    expect(result.newPeriodStart).to.equal(at);
    expect(result.newPeriodEnd).to.equal('2026-03-16T00:00:00.000Z');
    expect(result.nextBillingDate).to.equal('2026-03-16T00:00:00.000Z');
    // Every old item is credited (-25548, -2529 for the add-on: 4900 × 16/31 = 2529.03), every new one
    // charged for the full year (5 × 99000, 49000).
    expect(result.lines.filter((l) => l.kind !== 'tax').map((l) => l.amountMinor)).to.deep.equal([
      -25548, 495000, -2529, 49000,
    ]);
    expect(result.paymentMethodRequired).to.equal(true);
  });

  it('prices per-seat add-ons per seat and flat ones once', () => {
    const result = q({ plan: 'professional', addOns: { add: ['sso', 'priority_support'] } });
    expect(result.kinds).to.deep.equal(['upgrade', 'add_on_added']);
    expect(result.nextItems.find((i) => i.itemId === 'addon:sso')).to.include({
      quantity: 5,
      unitAmountMinor: 500,
    });
    expect(result.nextItems.find((i) => i.itemId === 'addon:priority_support')).to.include({ quantity: 1 });
    expect(result.summary).to.include('Add-on added: Single sign-on');
  });

  it('removes an add-on with a credit only', () => {
    const result = q({ addOns: { remove: ['analytics'] } });
    expect(result.kinds).to.deep.equal(['add_on_removed']);
    expect(result.lines.map((l) => [l.kind, l.itemId])).to.deep.equal([
      ['credit', 'addon:analytics'],
      ['tax', 'addon:analytics'],
    ]);
  });

  it('adds another product: a full first period now, as its own subscription', () => {
    const result = q({ addProduct: { product: 'desk', plan: 'starter', seats: 2 } });
    expect(result.kinds).to.deep.equal(['new_product']);
    const added = result.addedSubscription!;
    expect(added.terms).to.include({
      status: 'active',
      periodStart: at,
      periodEnd: '2025-04-16T00:00:00.000Z',
    });
    // 2 × 1900 for a month from today, VAT 722.
    expect(result.lines.map((l) => [l.itemId, l.amountMinor])).to.deep.equal([
      ['desk/seats', 3800],
      ['desk/seats', 722],
    ]);
    expect(result.totalMinor).to.equal(4522);
    expect(result.recurringAfterMinor).to.equal(result.recurringBeforeMinor);
    expect(result.paymentMethodRequired).to.equal(true);
  });

  it('starts a free trial without charge', () => {
    const result = q({ addProduct: { product: 'campaigns', plan: 'plus', trial: true } });
    expect(result.kinds).to.deep.equal(['trial']);
    expect(result.lines).to.deep.equal([]);
    expect(result.totalMinor).to.equal(0);
    expect(result.paymentMethodRequired).to.equal(false);
    expect(result.addedSubscription).to.include({ trial: true, trialEndsAt: '2025-03-30T00:00:00.000Z' });
    expect(result.addedSubscription!.terms).to.include({ status: 'trialing', contactLimit: 1000 });
    expect(result.summary).to.deep.equal(['Free trial: Campaigns Plus, 1,000 contacts, until 2025-03-30']);
  });

  it('quotes JPY accounts in whole yen', () => {
    const result = q({ seats: 6 }, { subscription: { ...suiteSub, currency: 'JPY' } });
    // Team JPY 15840 per seat: -5 × 15840 × 16/31 = -40877.42 -> -40877; 6 × ... = 49052.90 -> 49053.
    expect(result.lines.filter((l) => l.kind !== 'tax').map((l) => l.amountMinor)).to.deep.equal([
      -40877, 49053,
    ]);
    expect(result.currency).to.equal('JPY');
  });

  describe('tax', () => {
    const taxed = (customer: TaxCustomer) => q({ seats: 6 }, { customer });

    it('charges German VAT at home, with or without a VAT ID', () => {
      expect(taxed({ country: 'DE', vatId: 'DE123456789' }).tax).to.include({
        rateBps: 1900,
        reverseCharge: false,
      });
    });

    it('reverse-charges EU businesses with a VAT ID in another state: no VAT, with a note', () => {
      const result = taxed({ country: 'FR', vatId: 'FR12345678901' });
      expect(result.tax).to.include({ country: 'FR', rateBps: 0, reverseCharge: true });
      expect(result.tax.note).to.match(/reverse charge/i);
      expect(result.lines.filter((l) => l.kind === 'tax')).to.deep.equal([]);
      expect(result.taxMinor).to.equal(0);
    });

    it("charges EU consumers their own country's rate", () => {
      expect(taxed({ country: 'FR', vatId: null }).tax).to.include({ rateBps: 2000, reverseCharge: false });
      expect(taxed({ country: 'HU', vatId: '  ' }).tax).to.include({ rateBps: 2700 });
    });

    it('charges no VAT outside the EU', () => {
      expect(taxed({ country: 'US', vatId: null }).tax).to.include({ rateBps: 0, reverseCharge: false });
      expect(taxed({ country: 'CH', vatId: 'CHE-123.456.789' }).tax).to.include({
        rateBps: 0,
        reverseCharge: false,
      });
    });
  });

  describe('validation: one clear message per problem, all of them at once', () => {
    const cases: Array<[string, ChangeSet, string, RegExp, Partial<QuoteInput>?]> = [
      ['unknown plan', { plan: 'gold' }, 'changes.plan', /unknown plan "gold"/],
      ['seats below the plan minimum', { plan: 'enterprise' }, 'changes.plan', /10 to 10000 seats/],
      ['seats above the plan maximum', { seats: 101 }, 'changes.seats', /between 1 and 100 for plan Team/],
      [
        'seats on a contact-tier product',
        { seats: 3 },
        'changes.seats',
        /contact limit/,
        { subscription: campaignsSub },
      ],
      [
        'contact limit not a tier',
        { contactLimit: 3000 },
        'changes.contactLimit',
        /1,000, 2,500, 5,000/,
        { subscription: campaignsSub },
      ],
      ['contact limit on a per-seat product', { contactLimit: 1000 }, 'changes.contactLimit', /per seat/],
      [
        'add-on not offered for the plan',
        { addOns: { add: ['sso'] } },
        'changes.addOns.add[0]',
        /not offered with plan Team/,
      ],
      ['add-on already held', { addOns: { add: ['analytics'] } }, 'changes.addOns.add[0]', /already part/],
      ['unknown add-on', { addOns: { add: ['fax'] } }, 'changes.addOns.add[0]', /unknown add-on "fax"/],
      [
        'removing an add-on not held',
        { addOns: { remove: ['priority_support'] } },
        'changes.addOns.remove[0]',
        /not part/,
      ],
      [
        'a plan that drops a held add-on',
        { plan: 'starter', addOns: { add: [] } },
        'changes.plan',
        /does not include add-on Single sign-on/,
        { subscription: { ...suiteSub, plan: 'professional', addOns: ['sso'] } },
      ],
      [
        'a change that changes nothing',
        { plan: 'team', seats: 5, interval: 'month' },
        'changes',
        /changes nothing/,
      ],
      [
        'an account currency outside the price book',
        { seats: 6 },
        'subscription.currency',
        /GBP/,
        { subscription: { ...suiteSub, currency: 'GBP' } },
      ],
      [
        'an unknown product to add',
        { addProduct: { product: 'crm', plan: 'starter' } },
        'changes.addProduct.product',
        /unknown product "crm"/,
      ],
      [
        'a product already subscribed',
        { addProduct: { product: 'suite', plan: 'team' } },
        'changes.addProduct.product',
        /already subscribes/,
      ],
      [
        'a product subscribed elsewhere in the account',
        { addProduct: { product: 'desk', plan: 'team' } },
        'changes.addProduct.product',
        /already subscribes to Desk/,
        { subscribedProducts: ['desk'] },
      ],
      [
        'an unknown plan of the added product',
        { addProduct: { product: 'desk', plan: 'gold' } },
        'changes.addProduct.plan',
        /unknown plan "gold" for Desk/,
      ],
      [
        'seats of the added product out of range',
        { addProduct: { product: 'desk', plan: 'starter', seats: 26 } },
        'changes.addProduct.seats',
        /between 1 and 25/,
      ],
    ];
    for (const [name, change, field, message, over] of cases) {
      it(`${name}: ${field}`, () => {
        const problems = problemsOf(change, over);
        const hit = problems.find((p) => p.field === field);
        expect(hit, JSON.stringify(problems)).to.not.equal(undefined);
        expect(hit!.message).to.match(message);
        expect(
          problems.filter((p) => p.field === field),
          'one message per problem',
        ).to.have.length(1);
      });
    }

    it('names the add-on the new plan drops', () => {
      const problems = problemsOf(
        { plan: 'starter' },
        { subscription: { ...suiteSub, plan: 'professional', addOns: ['sso'] } },
      );
      expect(problems).to.deep.equal([
        {
          field: 'changes.plan',
          message:
            'plan Starter does not include add-on Single sign-on; remove it in the same request (changes.addOns.remove)',
        },
      ]);
      expect(
        q(
          { plan: 'starter', addOns: { remove: ['sso'] } },
          { subscription: { ...suiteSub, plan: 'professional', addOns: ['sso'] } },
        ).kinds,
      ).to.deep.equal(['downgrade', 'add_on_removed']);
    });

    it('rejects a trial the product does not offer', () => {
      const noTrials = structuredClone(defaultCatalogSource);
      delete (noTrials.products.campaigns as { trialDays?: number }).trialDays;
      const problems = problemsOf(
        { addProduct: { product: 'campaigns', plan: 'plus', trial: true } },
        { catalog: parseCatalog(noTrials) },
      );
      expect(problems).to.deep.equal([
        { field: 'changes.addProduct.trial', message: 'Campaigns has no free trial' },
      ]);
    });

    it('collects every problem in one error', () => {
      const problems = problemsOf({ plan: 'gold', seats: 0, addOns: { add: ['fax'], remove: ['sso'] } });
      expect(problems.map((p) => p.field)).to.deep.equal([
        'changes.plan',
        'changes.seats',
        'changes.addOns.add[0]',
        'changes.addOns.remove[0]',
      ]);
    });
  });

  it('totals always equal the sum of the lines, in integers (random valid changes)', () => {
    const plans = ['starter', 'team', 'professional', 'enterprise'];
    let priced = 0;
    fc.assert(
      fc.property(
        fc.record({
          plan: fc.option(fc.constantFrom(...plans), { nil: undefined }),
          seats: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
          interval: fc.option(fc.constantFrom('month' as const, 'year' as const), { nil: undefined }),
          add: fc.subarray(['priority_support', 'sso']),
          remove: fc.subarray(['analytics']),
        }),
        fc.integer({ min: 0, max: 31 * 86_400 - 1 }),
        fc.constantFrom('DE', 'FR', 'US', 'AT'),
        fc.constantFrom('EUR', 'USD', 'JPY'),
        (c, offsetSec, country, currency) => {
          const change: ChangeSet = {
            plan: c.plan,
            seats: c.seats,
            interval: c.interval,
            addOns: { add: c.add, remove: c.remove },
          };
          const when = new Date(Date.parse(suiteSub.periodStart) + offsetSec * 1000).toISOString();
          let result;
          try {
            result = q(change, {
              at: when,
              customer: { country, vatId: null },
              subscription: { ...suiteSub, currency },
            });
          } catch (error) {
            if (error instanceof QuoteValidationError) return; // an invalid combination: nothing to total
            throw error;
          }
          const sum = (kind: (k: string) => boolean) =>
            result.lines.filter((l) => kind(l.kind)).reduce((s, l) => s + l.amountMinor, 0);
          expect(result.subtotalMinor).to.equal(sum((k) => k !== 'tax'));
          expect(result.taxMinor).to.equal(sum((k) => k === 'tax'));
          expect(result.totalMinor).to.equal(result.subtotalMinor + result.taxMinor);
          for (const l of result.lines) expect(Number.isSafeInteger(l.amountMinor)).to.equal(true);
          expect(result.kinds.length).to.be.above(0);
          expect(result.summary.length).to.be.above(0);
          priced += 1;
        },
      ),
      { numRuns: 300 },
    );
    expect(priced, 'enough random changes were valid to mean something').to.be.above(50);
  });
});
