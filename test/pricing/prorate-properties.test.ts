// Properties of prorate() over random periods, instants, items and tax rates (fast-check).
import { expect } from 'chai';
import fc from 'fast-check';
import { addInterval, periodAfter, prorate } from '../../activities/pricing/index.js';
import type { Interval, Item, ProrateInput, ProrateResult } from '../../activities/pricing/index.js';

const intervals: Interval[] = ['month', 'quarter', 'year'];

/** Period start (whole seconds, 1990-2100), interval, and an instant inside the period. */
const periodArb = fc
  .record({
    startSec: fc.integer({ min: 631_152_000, max: 4_102_444_800 }),
    interval: fc.constantFrom(...intervals),
    position: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  })
  .map(({ startSec, interval, position }) => {
    const start = startSec * 1000;
    const end = addInterval(start, interval);
    const at = start + Math.floor(((end - start) / 1000) * position) * 1000;
    return {
      interval,
      periodStart: new Date(start).toISOString(),
      periodEnd: new Date(end).toISOString(),
      at: new Date(at).toISOString(),
      startMs: start,
      endMs: end,
      atMs: at,
    };
  });

const itemsArb = fc.uniqueArray(
  fc.record({
    itemId: fc.constantFrom('seats', 'plan', 'addon:a', 'addon:b', 'addon:c'),
    priceId: fc.constantFrom('p1', 'p2', 'p3'),
    unitAmountMinor: fc.oneof(fc.integer({ min: 0, max: 1_000 }), fc.integer({ min: 0, max: 10_000_000 })),
    quantity: fc.integer({ min: 0, max: 1_000 }),
  }),
  { selector: (i) => i.itemId, maxLength: 5 },
);

const taxArb = fc.option(fc.record({ rateBps: fc.integer({ min: 0, max: 2_700 }) }), { nil: undefined });
const basisArb = fc.constantFrom('second' as const, 'day' as const);

function inputOf(
  p: { interval: Interval; periodStart: string; periodEnd: string; at: string },
  current: Item[],
  next: Item[],
  extra: Partial<ProrateInput> = {},
): ProrateInput {
  return {
    currency: 'EUR',
    interval: p.interval,
    periodStart: p.periodStart,
    periodEnd: p.periodEnd,
    at: p.at,
    current,
    next,
    ...extra,
  };
}

function remainingShare(p: { startMs: number; endMs: number; atMs: number }, basis: 'second' | 'day') {
  if (basis === 'second') return { rem: BigInt(p.endMs - p.atMs), total: BigInt(p.endMs - p.startMs) };
  const day = (ms: number) => BigInt(Math.floor(ms / 86_400_000));
  return { rem: day(p.endMs) - day(p.atMs), total: day(p.endMs) - day(p.startMs) };
}

function assertWellFormed(result: ProrateResult) {
  let sum = 0;
  for (const line of result.lines) {
    expect(Number.isSafeInteger(line.amountMinor), `${line.description}: integer`).to.equal(true);
    expect(line.amountMinor, 'zero lines are omitted').to.not.equal(0);
    if (line.kind === 'credit') expect(line.amountMinor).to.be.below(0);
    if (line.kind === 'charge') expect(line.amountMinor).to.be.above(0);
    sum += line.amountMinor;
  }
  expect(Number.isSafeInteger(result.netMinor)).to.equal(true);
  expect(result.netMinor).to.equal(sum);
}

describe('pricing: prorate properties', () => {
  it('a change and its reverse at the same instant net to zero (within one minor unit per line)', () => {
    let priced = 0;
    fc.assert(
      fc.property(periodArb, itemsArb, itemsArb, taxArb, basisArb, (p, a, b, tax, timeBasis) => {
        const there = prorate(inputOf(p, a, b, { tax, policy: { timeBasis } }));
        const back = prorate(inputOf(p, b, a, { tax, policy: { timeBasis } }));
        const lines = there.lines.length + back.lines.length;
        expect(Math.abs(there.netMinor + back.netMinor)).to.be.at.most(lines);
        // Rounding half away from zero is symmetric, so the reverse is in fact exact.
        expect(there.netMinor + back.netMinor).to.equal(0);
        if (there.netMinor !== 0) priced += 1;
      }),
      { numRuns: 300 },
    );
    // A prorate that priced nothing would pass the property above.
    expect(priced, 'changes that cost or credit something').to.be.above(100);
  });

  it('no credit exceeds what the old item costs for the remaining time (beyond half a minor unit)', () => {
    let credits = 0;
    fc.assert(
      fc.property(periodArb, itemsArb, itemsArb, basisArb, fc.boolean(), (p, a, b, timeBasis, reset) => {
        const result = prorate(inputOf(p, a, b, { policy: { timeBasis, anchor: reset ? 'reset' : 'keep' } }));
        const { rem, total } = remainingShare(p, timeBasis);
        for (const line of result.lines.filter((l) => l.kind === 'credit')) {
          const old = a.find((i) => i.itemId === line.itemId);
          expect(old, `credit for an item that was held: ${line.itemId}`).to.not.equal(undefined);
          const exact2 = 2n * BigInt(old!.unitAmountMinor) * BigInt(old!.quantity) * rem; // 2 × exact × total
          expect(2n * BigInt(-line.amountMinor) * total <= exact2 + total).to.equal(true);
          expect(2n * BigInt(-line.amountMinor) * total >= exact2 - total).to.equal(true);
          credits += 1;
        }
      }),
      { numRuns: 300 },
    );
    expect(credits, 'credit lines checked').to.be.above(100);
  });

  it('reset periods start at `at` and last one interval, with month-end clamping', () => {
    fc.assert(
      fc.property(periodArb, fc.constantFrom(...intervals), itemsArb, (p, nextInterval, b) => {
        const result = prorate(inputOf(p, [], b, { nextInterval, policy: { anchor: 'reset' } }));
        expect(result.newPeriodStart).to.equal(p.at);
        const start = new Date(p.at);
        const end = new Date(result.newPeriodEnd);
        const months = { month: 1, quarter: 3, year: 12 }[nextInterval];
        const monthIndex = (d: Date) => d.getUTCFullYear() * 12 + d.getUTCMonth();
        expect(monthIndex(end) - monthIndex(start)).to.equal(months);
        const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
        expect(end.getUTCDate()).to.equal(Math.min(start.getUTCDate(), lastDay));
        expect(end.toISOString().slice(10)).to.equal(start.toISOString().slice(10));
      }),
      { numRuns: 300 },
    );
  });

  it('totals equal the sum of lines, amounts are integers, signs follow the kind, tax follows its base', () => {
    const seen = { credit: 0, charge: 0, tax: 0 };
    fc.assert(
      fc.property(
        periodArb,
        itemsArb,
        itemsArb,
        taxArb,
        basisArb,
        fc.constantFrom('keep' as const, 'reset' as const),
        fc.constantFrom(...intervals),
        (p, a, b, tax, timeBasis, anchor, nextInterval) => {
          const result = prorate(inputOf(p, a, b, { tax, nextInterval, policy: { timeBasis, anchor } }));
          assertWellFormed(result);
          for (const line of result.lines) seen[line.kind] += 1;
          result.lines.forEach((line, i) => {
            if (line.kind !== 'tax') return;
            const base = result.lines[i - 1];
            expect(base && base.kind !== 'tax', 'a tax line follows its base line').to.equal(true);
            expect(Math.sign(line.amountMinor)).to.equal(Math.sign(base!.amountMinor));
            expect(line.itemId).to.equal(base!.itemId);
          });
        },
      ),
      { numRuns: 300 },
    );
    // Every kind of line was there to check, often.
    expect(seen.credit, 'credit lines').to.be.above(100);
    expect(seen.charge, 'charge lines').to.be.above(100);
    expect(seen.tax, 'tax lines').to.be.above(100);
  });

  it("timing 'period_end' never produces lines, keeps the current period and schedules at periodEnd", () => {
    fc.assert(
      fc.property(periodArb, itemsArb, itemsArb, taxArb, (p, a, b, tax) => {
        const result = prorate(inputOf(p, a, b, { tax, policy: { timing: 'period_end' } }));
        expect(result.lines).to.deep.equal([]);
        expect(result.netMinor).to.equal(0);
        expect(result.scheduledChangeAt).to.equal(p.periodEnd);
        // Nothing changes now (docs/pricing.md, "Changes at the period end"): the period stays.
        expect(result.newPeriodStart).to.equal(p.periodStart);
        expect(result.newPeriodEnd).to.equal(p.periodEnd);
        const next = periodAfter({
          periodStart: p.periodStart,
          periodEnd: p.periodEnd,
          interval: p.interval,
        });
        expect(next.start).to.equal(p.periodEnd);
        expect(Date.parse(next.end)).to.be.above(Date.parse(p.periodEnd));
      }),
      { numRuns: 200 },
    );
  });
});
