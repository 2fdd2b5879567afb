// prorate() is as strict about bad input as a payment system: every bad field is a typed error with a
// stable code and the field's path, and nothing is ever priced from half-valid input.
import { expect } from 'chai';
import { PricingError, prorate } from '../../activities/pricing/index.js';
import type { ProrateInput } from '../../activities/pricing/index.js';

const valid: ProrateInput = {
  currency: 'EUR',
  interval: 'month',
  periodStart: '2026-03-01T00:00:00Z',
  periodEnd: '2026-04-01T00:00:00Z',
  at: '2026-03-16T00:00:00Z',
  current: [{ itemId: 'seats', priceId: 'team', unitAmountMinor: 9900, quantity: 5 }],
  next: [{ itemId: 'seats', priceId: 'pro', unitAmountMinor: 29900, quantity: 8 }],
};

function errorOf(input: unknown): PricingError {
  try {
    prorate(input as ProrateInput);
  } catch (error) {
    expect(error).to.be.instanceOf(PricingError);
    expect(error).to.be.instanceOf(Error);
    return error as PricingError;
  }
  throw new Error('prorate accepted the input');
}

const item = valid.current[0]!;

describe('pricing: prorate rejects bad input with typed errors', () => {
  it('accepts the valid baseline (so each case below fails for its own reason)', () => {
    expect(prorate(valid).lines).to.have.length(2);
  });

  it('CURRENCY_MISMATCH when nextCurrency differs', () => {
    const error = errorOf({ ...valid, nextCurrency: 'USD' });
    expect(error.code).to.equal('CURRENCY_MISMATCH');
    expect(error.field).to.equal('nextCurrency');
    expect(prorate({ ...valid, nextCurrency: 'EUR' }).netMinor).to.equal(prorate(valid).netMinor);
  });

  for (const at of ['2026-02-28T23:59:59Z', '2026-04-01T00:00:00Z', '2027-01-01T00:00:00Z']) {
    it(`CHANGE_OUTSIDE_CURRENT_PERIOD for at = ${at} (the period is [start, end))`, () => {
      const error = errorOf({ ...valid, at });
      expect(error.code).to.equal('CHANGE_OUTSIDE_CURRENT_PERIOD');
      expect(error.field).to.equal('at');
    });
  }

  const cases: Array<[string, unknown, string]> = [
    ['unknown currency', { ...valid, currency: 'EURO' }, 'currency'],
    ['lower-case currency', { ...valid, currency: 'eur' }, 'currency'],
    ['unknown interval', { ...valid, interval: 'week' }, 'interval'],
    ['unknown next interval', { ...valid, nextInterval: 'decade' }, 'nextInterval'],
    ['a date that is not ISO 8601', { ...valid, periodStart: '03/01/2026' }, 'periodStart'],
    ['a date without time', { ...valid, periodStart: '2026-03-01' }, 'periodStart'],
    ['a date that does not exist', { ...valid, periodEnd: '2026-02-30T00:00:00Z' }, 'periodEnd'],
    ['a time that does not exist', { ...valid, at: '2026-03-16T24:00:00Z' }, 'at'],
    ['a number instead of a date', { ...valid, at: 1773619200000 }, 'at'],
    ['periodEnd before periodStart', { ...valid, periodEnd: '2026-02-01T00:00:00Z' }, 'periodEnd'],
    ['periodEnd equal to periodStart', { ...valid, periodEnd: valid.periodStart }, 'periodEnd'],
    ['negative quantity', { ...valid, next: [{ ...item, quantity: -1 }] }, 'next[0].quantity'],
    ['fractional quantity', { ...valid, next: [{ ...item, quantity: 1.5 }] }, 'next[0].quantity'],
    [
      'non-integer amount',
      { ...valid, current: [{ ...item, unitAmountMinor: 99.5 }] },
      'current[0].unitAmountMinor',
    ],
    [
      'negative amount',
      { ...valid, current: [{ ...item, unitAmountMinor: -1 }] },
      'current[0].unitAmountMinor',
    ],
    [
      'amount as a string',
      { ...valid, current: [{ ...item, unitAmountMinor: '9900' }] },
      'current[0].unitAmountMinor',
    ],
    [
      'unsafe integer amount',
      { ...valid, current: [{ ...item, unitAmountMinor: 2 ** 53 }] },
      'current[0].unitAmountMinor',
    ],
    ['duplicate itemId', { ...valid, next: [item, { ...item, priceId: 'x' }] }, 'next[1].itemId'],
    ['empty itemId', { ...valid, next: [{ ...item, itemId: '' }] }, 'next[0].itemId'],
    [
      'missing priceId',
      { ...valid, next: [{ itemId: 'x', unitAmountMinor: 1, quantity: 1 }] },
      'next[0].priceId',
    ],
    ['items not an array', { ...valid, current: 'seats' }, 'current'],
    ['unknown anchor', { ...valid, policy: { anchor: 'sometimes' } }, 'policy.anchor'],
    ['unknown time basis', { ...valid, policy: { timeBasis: 'hour' } }, 'policy.timeBasis'],
    ['unknown timing', { ...valid, policy: { timing: 'later' } }, 'policy.timing'],
    ['tax rate above 100 %', { ...valid, tax: { rateBps: 10_001 } }, 'tax.rateBps'],
    ['fractional tax rate', { ...valid, tax: { rateBps: 19.5 } }, 'tax.rateBps'],
    ['tax as a percentage string', { ...valid, tax: { rateBps: '19%' } }, 'tax.rateBps'],
    [
      'a day-basis period shorter than a day',
      {
        ...valid,
        periodEnd: '2026-03-01T12:00:00Z',
        at: '2026-03-01T06:00:00Z',
        policy: { timeBasis: 'day' },
      },
      'periodEnd',
    ],
  ];
  for (const [name, input, field] of cases) {
    it(`INVALID_INPUT on ${field}: ${name}`, () => {
      const error = errorOf(input);
      expect(error.code).to.equal('INVALID_INPUT');
      expect(error.field).to.equal(field);
      expect(error.message).to.contain(field);
    });
  }

  it('AMOUNT_OUT_OF_RANGE when a line would not be a safe integer', () => {
    const huge = { ...item, unitAmountMinor: Number.MAX_SAFE_INTEGER, quantity: 1000 };
    const error = errorOf({ ...valid, at: valid.periodStart, current: [], next: [huge] });
    expect(error.code).to.equal('AMOUNT_OUT_OF_RANGE');
  });

  it('accepts explicit UTC offsets as the same instant', () => {
    const viaOffset = prorate({ ...valid, at: '2026-03-16T01:00:00+01:00' });
    expect(viaOffset).to.deep.equal(prorate(valid));
  });
});
