// Proration, exactly as docs/pricing.md describes it (the Stripe/Chargebee consensus).
// Pure: input in, lines out. Every amount is computed as an exact fraction and rounded once per line.
import { addInterval, anchorDayOf, dayIndex, isoDate, parseInstant, toIso } from './calendar.js';
import { PricingError, invalidInput } from './errors.js';
import { assertCurrency } from './money.js';
import { mul, ratio, roundHalfAwayFromZero, toSafeNumber } from './rational.js';
import type { Ratio } from './rational.js';
import { taxLineFor } from './tax.js';
import type { Interval, Item, Line, ProrateInput, ProrateResult } from './types.js';

const intervals: readonly Interval[] = ['month', 'quarter', 'year'];

interface Checked {
  interval: Interval;
  nextInterval: Interval;
  startMs: number;
  endMs: number;
  atMs: number;
  current: Item[];
  next: Item[];
  anchor: 'keep' | 'reset';
  timeBasis: 'second' | 'day';
  timing: 'immediate' | 'period_end';
  rateBps: number;
}

/**
 * The period that starts when the current one ends, for one (new) interval. Keeping the anchor rolls
 * it forward on the anchor day (Jan 31 anchor: [Feb 28, Mar 31)); an interval change starts it fresh
 * from the period end.
 */
export function periodAfter(input: {
  periodStart: string;
  periodEnd: string;
  interval: Interval;
  nextInterval?: Interval;
  anchor?: 'keep' | 'reset';
}): { start: string; end: string } {
  const startMs = parseInstant(input.periodStart, 'periodStart');
  const endMs = parseInstant(input.periodEnd, 'periodEnd');
  const nextInterval = input.nextInterval ?? input.interval;
  const reset = input.anchor === 'reset' || nextInterval !== input.interval;
  const anchorDay = reset ? undefined : anchorDayOf(startMs, endMs);
  return { start: toIso(endMs), end: toIso(addInterval(endMs, nextInterval, anchorDay)) };
}

export function prorate(input: ProrateInput): ProrateResult {
  const c = check(input);
  // An interval change cannot keep the anchor: the old period has the wrong length for the new price.
  const reset = c.anchor === 'reset' || c.nextInterval !== c.interval;

  if (c.timing === 'period_end') {
    // Nothing is owed and nothing changes now: the period stays the current one, and the new items
    // start with the next (`periodAfter`).
    return {
      lines: [],
      netMinor: 0,
      newPeriodStart: toIso(c.startMs),
      newPeriodEnd: toIso(c.endMs),
      scheduledChangeAt: toIso(c.endMs),
    };
  }

  const remaining = remainingFraction(c);
  const newStartMs = reset ? c.atMs : c.startMs;
  const newEndMs = reset ? addInterval(c.atMs, c.nextInterval) : c.endMs;
  const from = isoDate(c.atMs);
  const since = c.timeBasis === 'day' ? 'from' : 'after';

  const before = new Map(c.current.map((i) => [i.itemId, i]));
  const after = new Map(c.next.map((i) => [i.itemId, i]));
  const ids = [...before.keys(), ...[...after.keys()].filter((id) => !before.has(id))];

  const lines: Line[] = [];
  const push = (line: Line | undefined) => {
    if (!line) return;
    lines.push(line);
    const tax = taxLineFor(line, c.rateBps);
    if (tax) lines.push(tax);
  };

  for (const id of ids) {
    const old = before.get(id);
    const neu = after.get(id);
    if (!reset && old && neu && sameTerms(old, neu)) continue;
    if (old) {
      push(
        line('credit', old, remaining, toIso(c.atMs), toIso(c.endMs), (label) => {
          return `Unused time on ${label} ${since} ${from}`;
        }),
      );
    }
    if (neu) {
      push(
        reset
          ? line('charge', neu, ratio(1), toIso(c.atMs), toIso(newEndMs), (label) => {
              return `${label} from ${from} to ${isoDate(newEndMs)}`;
            })
          : line('charge', neu, remaining, toIso(c.atMs), toIso(c.endMs), (label) => {
              return `Remaining time on ${label} from ${from}`;
            }),
      );
    }
  }

  let net = 0n;
  for (const l of lines) net += BigInt(l.amountMinor);
  return {
    lines,
    netMinor: safe(net, 'netMinor'),
    newPeriodStart: toIso(newStartMs),
    newPeriodEnd: toIso(newEndMs),
  };
}

function sameTerms(a: Item, b: Item): boolean {
  return a.priceId === b.priceId && a.unitAmountMinor === b.unitAmountMinor && a.quantity === b.quantity;
}

/** The share of the current period still to come at `at`: by elapsed time, or by whole UTC days. */
function remainingFraction(c: Checked): Ratio {
  if (c.timeBasis === 'day') {
    // The day of the change counts as remaining (the customer gets the new terms for all of it).
    return ratio(dayIndex(c.endMs) - dayIndex(c.atMs), dayIndex(c.endMs) - dayIndex(c.startMs));
  }
  // 'second': the exact elapsed time. ISO inputs carry at most milliseconds, so this equals Stripe's
  // per-second proration whenever the timestamps are whole seconds, and is exact otherwise.
  return ratio(c.endMs - c.atMs, c.endMs - c.startMs);
}

function line(
  kind: 'credit' | 'charge',
  item: Item,
  share: Ratio,
  servicePeriodStart: string,
  servicePeriodEnd: string,
  describe: (label: string) => string,
): Line | undefined {
  const full = ratio(BigInt(item.unitAmountMinor) * BigInt(item.quantity));
  const magnitude = roundHalfAwayFromZero(mul(full, share));
  if (magnitude === 0n) return undefined;
  return {
    kind,
    itemId: item.itemId,
    amountMinor: safe(kind === 'credit' ? -magnitude : magnitude, `${kind} for ${item.itemId}`),
    quantity: item.quantity,
    unitAmountMinor: item.unitAmountMinor,
    servicePeriodStart,
    servicePeriodEnd,
    description: describe(`${item.quantity} × ${item.label ?? item.priceId}`),
  };
}

function safe(value: bigint, what: string): number {
  const n = toSafeNumber(value);
  if (n === undefined) {
    throw new PricingError('AMOUNT_OUT_OF_RANGE', `${what}: ${value} minor units is not a safe integer`);
  }
  return n;
}

function check(input: ProrateInput): Checked {
  if (typeof input !== 'object' || input === null) throw invalidInput('input', 'expected an object');
  const currency = assertCurrency(input.currency, 'currency');
  if (input.nextCurrency !== undefined) {
    const nextCurrency = assertCurrency(input.nextCurrency, 'nextCurrency');
    if (nextCurrency !== currency) {
      throw new PricingError(
        'CURRENCY_MISMATCH',
        `nextCurrency ${nextCurrency} differs from currency ${currency}: a subscription cannot change currency through proration`,
        'nextCurrency',
      );
    }
  }
  const interval = oneOf(input.interval, intervals, 'interval');
  const nextInterval =
    input.nextInterval === undefined ? interval : oneOf(input.nextInterval, intervals, 'nextInterval');

  const startMs = parseInstant(input.periodStart, 'periodStart');
  const endMs = parseInstant(input.periodEnd, 'periodEnd');
  const atMs = parseInstant(input.at, 'at');
  if (endMs <= startMs) throw invalidInput('periodEnd', `must be after periodStart (${input.periodStart})`);
  if (atMs < startMs || atMs >= endMs) {
    throw new PricingError(
      'CHANGE_OUTSIDE_CURRENT_PERIOD',
      `at ${input.at} is outside the current period [${input.periodStart}, ${input.periodEnd})`,
      'at',
    );
  }

  const current = items(input.current, 'current');
  const next = items(input.next, 'next');

  const policy: unknown = input.policy ?? {};
  if (typeof policy !== 'object' || policy === null) throw invalidInput('policy', 'expected an object');
  const p = policy as Record<string, unknown>;
  const anchor =
    p.anchor === undefined ? 'keep' : oneOf(p.anchor, ['keep', 'reset'] as const, 'policy.anchor');
  const timeBasis =
    p.timeBasis === undefined ? 'second' : oneOf(p.timeBasis, ['second', 'day'] as const, 'policy.timeBasis');
  const timing =
    p.timing === undefined
      ? 'immediate'
      : oneOf(p.timing, ['immediate', 'period_end'] as const, 'policy.timing');

  let rateBps = 0;
  if (input.tax !== undefined) {
    const raw: unknown = (input.tax as { rateBps?: unknown } | null)?.rateBps;
    if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0 || raw > 10_000) {
      throw invalidInput(
        'tax.rateBps',
        `expected an integer from 0 to 10000 basis points, got ${String(raw)}`,
      );
    }
    rateBps = raw;
  }

  if (timeBasis === 'day' && dayIndex(endMs) === dayIndex(startMs)) {
    throw invalidInput('periodEnd', "with timeBasis 'day' the period must span at least one whole UTC day");
  }

  return { interval, nextInterval, startMs, endMs, atMs, current, next, anchor, timeBasis, timing, rateBps };
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalidInput(field, `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
}

function items(value: unknown, field: string): Item[] {
  if (!Array.isArray(value)) throw invalidInput(field, 'expected an array of items');
  const seen = new Set<string>();
  return value.map((raw: unknown, index) => {
    const at = `${field}[${index}]`;
    if (typeof raw !== 'object' || raw === null) throw invalidInput(at, 'expected an item object');
    const item = raw as Record<string, unknown>;
    if (typeof item.itemId !== 'string' || item.itemId === '') {
      throw invalidInput(`${at}.itemId`, 'expected a non-empty string');
    }
    if (seen.has(item.itemId)) throw invalidInput(`${at}.itemId`, `duplicate itemId "${item.itemId}"`);
    seen.add(item.itemId);
    if (typeof item.priceId !== 'string' || item.priceId === '') {
      throw invalidInput(`${at}.priceId`, 'expected a non-empty string');
    }
    if (!nonNegativeInteger(item.unitAmountMinor)) {
      throw invalidInput(
        `${at}.unitAmountMinor`,
        `expected a non-negative integer amount in minor units, got ${String(item.unitAmountMinor)}`,
      );
    }
    if (!nonNegativeInteger(item.quantity)) {
      throw invalidInput(`${at}.quantity`, `expected a non-negative integer, got ${String(item.quantity)}`);
    }
    if (item.label !== undefined && typeof item.label !== 'string') {
      throw invalidInput(`${at}.label`, 'expected a string');
    }
    return raw as Item;
  });
}

function nonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
