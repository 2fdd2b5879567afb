// Intl formatting for emails: money from integer minor units, dates and percentages.
// Kept as one private file on purpose: once activities/pricing exports formatMoney/formatDate,
// this file becomes a re-export of those and nothing else in the mailer changes.
import type { Locale } from '../pricing/types.js';

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** The currency's exponent as Intl knows it (EUR 2, JPY 0, BHD 3). */
function currencyDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

/**
 * Formats integer minor units without ever going through a float: the amount is turned into an
 * exact decimal string, which Intl.NumberFormat (Node >= 20) formats without rounding.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  if (!Number.isSafeInteger(minor))
    throw new RangeError(`Money amounts are integer minor units, got ${minor}`);
  const digits = currencyDigits(currency);
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  const decimal = `${minor < 0 ? '-' : ''}${whole}${fraction}`;
  const format = new Intl.NumberFormat(intlLocale[locale], {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // The typings only admit number | bigint, the runtime (Intl.NumberFormat v3) takes exact decimal strings.
  return format.format(decimal as unknown as number);
}

/** A calendar date in UTC (billing dates are UTC instants): "15. März 2025" / "15 March 2025". */
export function formatDate(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/** Date and time in UTC, said so: "15. März 2025, 14:00 UTC" / "15 March 2025, 14:00 UTC". */
export function formatDateTime(iso: string, locale: Locale): string {
  const text = new Intl.DateTimeFormat(intlLocale[locale], {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(iso));
  return `${text} UTC`;
}

/** A tax rate in basis points: 1900 -> "19 %" (de) / "19%" (en). */
export function formatPercentBps(bps: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(
    bps / 10_000,
  );
}

/** Plain integers with grouping: 10000 -> "10.000" / "10,000". */
export function formatCount(n: number, locale: Locale): string {
  return new Intl.NumberFormat(intlLocale[locale]).format(n);
}
