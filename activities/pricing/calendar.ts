// Calendar arithmetic in UTC: strict ISO 8601 parsing, month addition with month-end clamping and
// the billing-cycle anchor. Billing instants are UTC by contract, so no time zones appear here.
import { invalidInput } from './errors.js';
import type { Interval } from './types.js';

export const DAY_MS = 86_400_000;

/** Months per billing interval; a quarter is three calendar months. */
export const intervalMonths: Record<Interval, number> = { month: 1, quarter: 3, year: 12 };

// Full date-time only: a bare date ("2026-03-15") is ambiguous about the instant, and payment systems
// should not guess. Fractions are limited to milliseconds so that every accepted value is exact.
const isoInstant =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Parses an ISO 8601 instant (`Z` or an explicit offset) into epoch milliseconds, or throws INVALID_INPUT. */
export function parseInstant(value: unknown, field: string): number {
  if (typeof value !== 'string') throw invalidInput(field, 'expected an ISO 8601 date-time string');
  const m = isoInstant.exec(value);
  if (!m) throw invalidInput(field, `"${value}" is not an ISO 8601 date-time such as 2026-03-15T00:00:00Z`);
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = Number(m[6] ?? 0);
  const millis = Number((m[7] ?? '').padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) {
    throw invalidInput(field, `"${value}" is not a calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 59) throw invalidInput(field, `"${value}" is not a valid time`);
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) throw invalidInput(field, `"${value}" has an invalid UTC offset`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear does not.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return date.getTime() - offsetMinutes * 60_000;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The UTC calendar date of an instant, `2026-03-15`, for descriptions. */
export function isoDate(ms: number): string {
  return toIso(ms).slice(0, 10);
}

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** month0 is 0-based (January = 0). */
export function daysInMonth(year: number, month0: number): number {
  if (month0 === 1) return isLeapYear(year) ? 29 : 28;
  return monthLengths[month0] ?? 31;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Adds calendar months keeping the time of day. The day of month is `anchorDay` (default: the day of
 * `ms`), clamped to the length of the target month: Jan 31 + 1 month = Feb 28 (Feb 29 in leap years),
 * and with anchor day 31, Feb 28 + 1 month = Mar 31 (Stripe's billing-cycle anchor behaviour).
 */
export function addMonths(ms: number, months: number, anchorDay?: number): number {
  const d = new Date(ms);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(anchorDay ?? d.getUTCDate(), daysInMonth(year, month0));
  const out = new Date(
    Date.UTC(
      2000,
      month0,
      day,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  );
  out.setUTCFullYear(year);
  return out.getTime();
}

export function addInterval(ms: number, interval: Interval, anchorDay?: number): number {
  return addMonths(ms, intervalMonths[interval], anchorDay);
}

/**
 * The billing-cycle anchor day of a period, recovered from its bounds. A period's end is on the anchor
 * day unless that month is too short (then it sits on the month's last day and the start, one period
 * earlier, still shows the anchor day). Used to roll a period forward without drifting: [Jan 31, Feb 28)
 * is followed by [Feb 28, Mar 31), not [Feb 28, Mar 28).
 */
export function anchorDayOf(periodStartMs: number, periodEndMs: number): number {
  const start = new Date(periodStartMs);
  const end = new Date(periodEndMs);
  const endDay = end.getUTCDate();
  const endIsMonthEnd = endDay === daysInMonth(end.getUTCFullYear(), end.getUTCMonth());
  return endIsMonthEnd && start.getUTCDate() > endDay ? start.getUTCDate() : endDay;
}

/** Whole UTC days since the epoch: the day an instant falls on. */
export function dayIndex(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
