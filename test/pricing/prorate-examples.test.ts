// Worked examples from public proration documentation, reproduced with their numbers, and a table of
// edge cases whose expected amounts were worked out by hand (the arithmetic is in the comments).
import { expect } from 'chai';
import { periodAfter, prorate } from '../../activities/pricing/index.js';
import type { Item, ProrateInput, ProrateResult } from '../../activities/pricing/index.js';

const item = (itemId: string, priceId: string, unitAmountMinor: number, quantity = 1): Item => ({
  itemId,
  priceId,
  unitAmountMinor,
  quantity,
});

/** The amounts of the result as `kind itemId amount` strings: readable diffs when a number is off. */
function amounts(result: ProrateResult): string[] {
  return result.lines.map((l) => `${l.kind} ${l.itemId} ${l.amountMinor}`);
}

function sumOf(result: ProrateResult): number {
  return result.lines.reduce((s, l) => s + l.amountMinor, 0);
}

describe('pricing: prorate, worked examples from Stripe and Chargebee', () => {
  /** A monthly USD period and the change's instant, all at midnight UTC on the given days. */
  const monthlyInUsd = (periodStart: string, periodEnd: string, at: string) => ({
    currency: 'USD',
    interval: 'month' as const,
    periodStart: `${periodStart}T00:00:00Z`,
    periodEnd: `${periodEnd}T00:00:00Z`,
    at: `${at}T00:00:00Z`,
  });

  it('Stripe: 10 USD -> 20 USD monthly halfway through the period is -5 USD + 10 USD = +5 USD', () => {
    // docs.stripe.com/billing/subscriptions/prorations, "How prorations work": "If a customer upgrades
    // from a 10 USD monthly plan to a 20 USD option halfway through the billing period, the customer is
    // billed an additional 5 USD: -5 USD unused time on the original plan, +10 USD remaining time."
    // Halfway: April 2026 has 30 days, the 16th at 00:00 leaves 15 of them.
    const result = prorate({
      ...monthlyInUsd('2026-04-01', '2026-05-01', '2026-04-16'),
      current: [item('plan', 'basic-usd-month', 1000)],
      next: [item('plan', 'premium-usd-month', 2000)],
    });
    expect(amounts(result)).to.deep.equal(['credit plan -500', 'charge plan 1000']);
    expect(result.netMinor).to.equal(500);
    expect(result.lines[0]).to.include({
      quantity: 1,
      unitAmountMinor: 1000,
      servicePeriodStart: '2026-04-16T00:00:00.000Z',
      servicePeriodEnd: '2026-05-01T00:00:00.000Z',
    });
    expect(result.newPeriodStart).to.equal('2026-04-01T00:00:00.000Z');
    expect(result.newPeriodEnd).to.equal('2026-05-01T00:00:00.000Z');
    expect(result.scheduledChangeAt).to.equal(undefined);
  });

  it('Chargebee example 1: $60 -> $30 on 21 Apr 2012 (period 1 Apr - 1 May) credits $20, charges $10', () => {
    // chargebee.com/docs/proration-old.html, "Downgrading from a higher tier plan": 20 days used, the
    // remaining 10 days are $20 on the old plan and $10 on the new one: $10 net credit.
    const result = prorate({
      ...monthlyInUsd('2012-04-01', '2012-05-01', '2012-04-21'),
      current: [item('plan', 'sixty', 6000)],
      next: [item('plan', 'thirty', 3000)],
    });
    expect(amounts(result)).to.deep.equal(['credit plan -2000', 'charge plan 1000']);
    expect(result.netMinor).to.equal(-1000);
  });

  it('Chargebee example 2: 3 -> 2 units of $30 after 10 of 30 days credits $60 and charges $40', () => {
    // chargebee.com/docs/proration-old.html, "Reducing plan quantity": period 1 Apr - 1 May 2013, used
    // for 10 days (1-10 April), 20 days remain: 3 × $30 × 20/30 = $60 back, 2 × $30 × 20/30 = $40 due.
    const result = prorate({
      ...monthlyInUsd('2013-04-01', '2013-05-01', '2013-04-11'),
      current: [item('plan', 'unit-30', 3000, 3)],
      next: [item('plan', 'unit-30', 3000, 2)],
    });
    expect(amounts(result)).to.deep.equal(['credit plan -6000', 'charge plan 4000']);
    expect(result.netMinor).to.equal(-2000);
  });

  it('Chargebee: Gold $30 -> Silver $15 on 5 Apr (26 of 30 days left) credits $26, charges $13; and back', () => {
    // support.chargebee.com discussion 40893, "Proration and credits on plan change".
    const base = monthlyInUsd('2013-04-01', '2013-05-01', '2013-04-05');
    const gold = item('plan', 'gold', 3000);
    const silver = item('plan', 'silver', 1500);
    const down = prorate({ ...base, current: [gold], next: [silver] });
    expect(amounts(down)).to.deep.equal(['credit plan -2600', 'charge plan 1300']);
    const up = prorate({ ...base, current: [silver], next: [gold] });
    expect(amounts(up)).to.deep.equal(['credit plan -1300', 'charge plan 2600']);
    expect(up.netMinor).to.equal(1300);
  });
});

describe('pricing: prorate, edge cases', () => {
  const march = { periodStart: '2026-03-01T00:00:00Z', periodEnd: '2026-04-01T00:00:00Z' };
  const base: Omit<ProrateInput, 'current' | 'next' | 'at'> = {
    currency: 'EUR',
    interval: 'month',
    ...march,
  };

  const mar16 = '2026-03-16T00:00:00Z';
  // Halfway through April 2026: 15 of 30 days left.
  const april16 = {
    periodStart: '2026-04-01T00:00:00Z',
    periodEnd: '2026-05-01T00:00:00Z',
    at: '2026-04-16T00:00:00Z',
  };
  const february15 = (year: number) => ({
    periodStart: `${year}-02-01T00:00:00Z`,
    periodEnd: `${year}-03-01T00:00:00Z`,
    at: `${year}-02-15T00:00:00Z`,
  });
  /** Item 'a' moves from price p1 at `from` to price p2 at `to`. */
  const aFromTo = (from: number, to: number) => ({
    current: [item('a', 'p1', from)],
    next: [item('a', 'p2', to)],
  });
  type Change = Partial<ProrateInput> & Pick<ProrateInput, 'at' | 'current' | 'next'>;
  /** A row of the table: the change on top of March 2026 in EUR, the net amount, the lines. */
  const edge = (name: string, change: Change, net: number, lines: string[]) => ({
    name,
    input: { ...base, ...change },
    lines,
    net,
  });

  const table: Array<{ name: string; input: ProrateInput; lines: string[]; net: number }> = [
    // 31-day month, 16 days left: 3100 × 16/31 = 1600 exactly, 1000 × 16/31 = 516.13 -> 516.
    edge('31-day month (March), change on the 16th', { at: mar16, ...aFromTo(3100, 1000) }, -1084, [
      'credit a -1600',
      'charge a 516',
    ]),
    // 30-day month, 15 left: exactly half.
    edge('30-day month (April), change on the 16th', { ...april16, ...aFromTo(1000, 3000) }, 1000, [
      'credit a -500',
      'charge a 1500',
    ]),
    // February 2024 has 29 days; on the 15th 15 remain: 2900 × 15/29 = 1500, 5800 × 15/29 = 3000.
    edge('February in a leap year', { ...february15(2024), ...aFromTo(2900, 5800) }, 1500, [
      'credit a -1500',
      'charge a 3000',
    ]),
    // February 2025 has 28 days; on the 15th 14 remain: exactly half.
    edge('February in a common year', { ...february15(2025), ...aFromTo(2900, 5800) }, 1450, [
      'credit a -1450',
      'charge a 2900',
    ]),
    // At the first instant the whole period remains: full credit and full charge.
    edge(
      'change at the first second of the period',
      { at: march.periodStart, current: [item('s', 'team', 9900, 5)], next: [item('s', 'pro', 29900, 8)] },
      189700,
      ['credit s -49500', 'charge s 239200'],
    ),
    // One second of 2,678,400 remains: 9900 rounds to 0 (lines omitted); 100,000,000 × 1/2678400 = 37.34 -> 37.
    edge(
      'change at the last second of the period',
      {
        at: '2026-03-31T23:59:59Z',
        current: [item('small', 'p1', 9900), item('big', 'p1', 100_000_000)],
        next: [item('small', 'p2', 19900), item('big', 'p2', 0)],
      },
      -37,
      ['credit big -37'],
    ),
    // Seat decrease 5 -> 3 on the 16th of March: 5 × 9900 × 16/31 = 25548.39 -> 25548, 3 × ... = 15329.03 -> 15329.
    edge(
      'seat decrease',
      { at: mar16, current: [item('seats', 'team', 9900, 5)], next: [item('seats', 'team', 9900, 3)] },
      -10219,
      ['credit seats -25548', 'charge seats 15329'],
    ),
    // Unchanged items get no lines; a removed one only a credit, an added one only a charge.
    edge(
      'added, removed and unchanged items',
      {
        at: mar16,
        current: [item('seats', 'team', 9900, 5), item('addon:old', 'old', 3100)],
        next: [item('seats', 'team', 9900, 5), item('addon:new', 'new', 6200)],
      },
      1600,
      ['credit addon:old -1600', 'charge addon:new 3200'],
    ),
    edge(
      'a no-op change',
      { at: mar16, current: [item('seats', 'team', 9900, 5)], next: [item('seats', 'team', 9900, 5)] },
      0,
      [],
    ),
    // JPY has no minor unit: 3 × 15000 × 16/31 = 23225.81 -> 23226; 5 × 15000 × 16/31 = 38709.68 -> 38710;
    // tax 10 % on the rounded lines: -2322.6 -> -2323 and 3871.0 -> 3871.
    edge(
      'JPY with tax',
      {
        currency: 'JPY',
        at: mar16,
        current: [item('seats', 'team.JPY', 15000, 3)],
        next: [item('seats', 'team.JPY', 15000, 5)],
        tax: { rateBps: 1000 },
      },
      17032,
      ['credit seats -23226', 'tax seats -2323', 'charge seats 38710', 'tax seats 3871'],
    ),
    // Ties: 5 × 1/2 = 2.5 -> 3 (away from zero, so the credit is -3, not -2); 7 × 1/2 = 3.5 -> 4.
    edge('rounding ties at .5 on amounts', { ...april16, ...aFromTo(5, 7) }, 1, [
      'credit a -3',
      'charge a 4',
    ]),
    // 500 × 1/2 = 250; VAT 19 % of 250 = 47.5 -> 48 and -47.5 -> -48.
    edge('rounding ties at .5 on tax', { ...april16, ...aFromTo(500, 1000), tax: { rateBps: 1900 } }, 297, [
      'credit a -250',
      'tax a -48',
      'charge a 500',
      'tax a 95',
    ]),
    // Day basis: at 15:30 on the 16th, the 16th still counts: 16 of 31 days, as at midnight.
    edge(
      "time basis 'day' counts the day of the change as remaining",
      { at: '2026-03-16T15:30:00Z', ...aFromTo(3100, 6200), policy: { timeBasis: 'day' } },
      1600,
      ['credit a -1600', 'charge a 3200'],
    ),
    // The same instant by the second: 15 days 8.5 hours of 31 days left: 3100 × 1326600/2678400 = 1535.42 -> 1535.
    edge("time basis 'second' at 15:30", { at: '2026-03-16T15:30:00Z', ...aFromTo(3100, 6200) }, 1536, [
      'credit a -1535',
      'charge a 3071',
    ]),
  ];

  for (const row of table) {
    it(row.name, () => {
      const result = prorate(row.input);
      expect(amounts(result)).to.deep.equal(row.lines);
      expect(result.netMinor).to.equal(row.net);
      expect(sumOf(result)).to.equal(result.netMinor);
    });
  }

  it('monthly -> annual resets the anchor: credit the rest of the month, charge a full year from today', () => {
    // 9900 × 16/31 = 5109.68 -> 5110 back; 99000 for the year from 16 March 2026.
    const result = prorate({
      ...base,
      nextInterval: 'year',
      at: '2026-03-16T09:00:00Z',
      current: [item('seats', 'team.EUR.month', 9900)],
      next: [item('seats', 'team.EUR.year', 99000)],
      policy: { timeBasis: 'day' },
    });
    expect(amounts(result)).to.deep.equal(['credit seats -5110', 'charge seats 99000']);
    expect(result.newPeriodStart).to.equal('2026-03-16T09:00:00.000Z');
    expect(result.newPeriodEnd).to.equal('2027-03-16T09:00:00.000Z');
    expect(result.lines[1]).to.include({
      servicePeriodStart: '2026-03-16T09:00:00.000Z',
      servicePeriodEnd: '2027-03-16T09:00:00.000Z',
    });
  });

  it('annual -> monthly on 31 March: 306 of 365 days back, a month to 30 April (clamped)', () => {
    // 99000 × 306/365 = 82997.26 -> 82997; 31 March + 1 month = 30 April.
    const result = prorate({
      currency: 'EUR',
      interval: 'year',
      nextInterval: 'month',
      periodStart: '2026-01-31T00:00:00Z',
      periodEnd: '2027-01-31T00:00:00Z',
      at: '2026-03-31T00:00:00Z',
      current: [item('seats', 'team.EUR.year', 99000)],
      next: [item('seats', 'team.EUR.month', 9900)],
    });
    expect(amounts(result)).to.deep.equal(['credit seats -82997', 'charge seats 9900']);
    expect(result.newPeriodEnd).to.equal('2026-04-30T00:00:00.000Z');
  });

  it("anchor 'reset' with the same interval credits and charges every item, even unchanged ones", () => {
    const result = prorate({
      ...base,
      at: '2026-03-16T00:00:00Z',
      current: [item('a', 'p', 3100), item('b', 'q', 3100)],
      next: [item('a', 'p', 3100), item('b', 'q2', 6200)],
      policy: { anchor: 'reset' },
    });
    expect(amounts(result)).to.deep.equal([
      'credit a -1600',
      'charge a 3100',
      'credit b -1600',
      'charge b 6200',
    ]);
    expect(result.newPeriodStart).to.equal('2026-03-16T00:00:00.000Z');
    expect(result.newPeriodEnd).to.equal('2026-04-16T00:00:00.000Z');
  });

  for (const [at, end] of [
    ['2024-01-31T10:00:00Z', '2024-02-29T10:00:00.000Z'],
    ['2025-01-31T10:00:00Z', '2025-02-28T10:00:00.000Z'],
    ['2025-05-31T00:00:00Z', '2025-06-30T00:00:00.000Z'],
  ] as const) {
    it(`reset from ${at} runs to ${end} (month-end clamping)`, () => {
      const result = prorate({
        currency: 'EUR',
        interval: 'month',
        periodStart: `${at.slice(0, 8)}01T00:00:00Z`,
        periodEnd: `${at.slice(0, 4)}-12-31T00:00:00Z`,
        at,
        current: [],
        next: [item('a', 'p', 100)],
        policy: { anchor: 'reset' },
      });
      expect(result.newPeriodEnd).to.equal(end);
    });
  }

  it('a quarter is three months: reset on 30 November runs to 28 February (clamped)', () => {
    const result = prorate({
      currency: 'EUR',
      interval: 'month',
      nextInterval: 'quarter',
      periodStart: '2025-11-01T00:00:00Z',
      periodEnd: '2025-12-01T00:00:00Z',
      at: '2025-11-30T00:00:00Z',
      current: [item('a', 'p.month', 3000)],
      next: [item('a', 'p.quarter', 8500)],
    });
    expect(result.newPeriodEnd).to.equal('2026-02-28T00:00:00.000Z');
    expect(amounts(result)).to.deep.equal(['credit a -100', 'charge a 8500']);
  });

  it("timing 'period_end': no lines now, the current period kept, scheduled at periodEnd; the next period on the anchor day", () => {
    // The period [31 Jan, 29 Feb 2024) is anchored on the 31st (February is clamped), so the period after
    // it ends on 31 March, not 29 March.
    const input: ProrateInput = {
      currency: 'EUR',
      interval: 'month',
      periodStart: '2024-01-31T00:00:00Z',
      periodEnd: '2024-02-29T00:00:00Z',
      at: '2024-02-10T12:00:00Z',
      current: [item('seats', 'pro', 29900, 5)],
      next: [item('seats', 'team', 9900, 5)],
      policy: { timing: 'period_end' },
      tax: { rateBps: 1900 },
    };
    const result = prorate(input);
    expect(result.lines).to.deep.equal([]);
    expect(result.netMinor).to.equal(0);
    expect(result.scheduledChangeAt).to.equal('2024-02-29T00:00:00.000Z');
    // Nothing changes now (docs/pricing.md, "Changes at the period end"): newPeriodStart and
    // newPeriodEnd are the current period.
    expect(result.newPeriodStart).to.equal('2024-01-31T00:00:00.000Z');
    expect(result.newPeriodEnd).to.equal('2024-02-29T00:00:00.000Z');
    expect(periodAfter(input)).to.deep.equal({
      start: '2024-02-29T00:00:00.000Z',
      end: '2024-03-31T00:00:00.000Z',
    });
    // An interval change starts the next period fresh from the period end.
    expect(periodAfter({ ...input, nextInterval: 'year' }).end).to.equal('2025-02-28T00:00:00.000Z');
  });

  it('tax lines follow their base line: sign, service period and item', () => {
    const result = prorate({
      ...base,
      at: '2026-03-16T00:00:00Z',
      current: [item('seats', 'team', 9900, 5)],
      next: [item('seats', 'pro', 29900, 8)],
      tax: { rateBps: 1900 },
    });
    // Same numbers as the mailer fixture, computed independently there: -25548/-4854, 123458/23457.
    expect(amounts(result)).to.deep.equal([
      'credit seats -25548',
      'tax seats -4854',
      'charge seats 123458',
      'tax seats 23457',
    ]);
    const [credit, creditTax, charge, chargeTax] = result.lines;
    expect(creditTax).to.include({ servicePeriodStart: credit?.servicePeriodStart, itemId: 'seats' });
    expect(creditTax).to.not.have.property('quantity');
    expect(chargeTax?.servicePeriodEnd).to.equal(charge?.servicePeriodEnd);
  });

  it('describes each line in English with quantity, label and date', () => {
    const result = prorate({
      ...base,
      at: '2026-03-15T00:00:00Z',
      current: [{ ...item('seats', 'suite.team.EUR.month', 9900, 5), label: 'Team (monthly)' }],
      next: [item('seats', 'suite.professional.EUR.month', 29900, 5)],
      tax: { rateBps: 1900 },
    });
    expect(result.lines.map((l) => l.description)).to.deep.equal([
      'Unused time on 5 × Team (monthly) after 2026-03-15',
      'VAT 19% on unused time on 5 × Team (monthly) after 2026-03-15',
      'Remaining time on 5 × suite.professional.EUR.month from 2026-03-15',
      'VAT 19% on remaining time on 5 × suite.professional.EUR.month from 2026-03-15',
    ]);
  });
});
