// Money is integer minor units of a currency (cents, yen). The exponent comes from Intl (ISO 4217
// data shipped with ICU), so EUR has 2 decimals, JPY 0 and BHD 3 without a hand-kept table.
// Formatting never goes through a float: minor units become an exact decimal string first.
import { invalidInput } from './errors.js';
import { dateTimeFormat, numberFormat } from './intl-formats.js';
import type { Locale } from './types.js';

const knownCurrencies: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: unknown): code is string {
  return typeof code === 'string' && /^[A-Z]{3}$/.test(code) && knownCurrencies.has(code);
}

/** Throws INVALID_INPUT unless `code` is an upper-case ISO 4217 code Intl knows. */
export function assertCurrency(code: unknown, field: string): string {
  if (!isKnownCurrency(code)) {
    throw invalidInput(field, `expected an ISO 4217 currency code such as EUR, got ${JSON.stringify(code)}`);
  }
  return code;
}

/** Decimal places of a currency's minor unit: EUR 2, USD 2, JPY 0. */
export function currencyExponent(currency: string): number {
  const code = assertCurrency(currency, 'currency');
  return numberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
    .maximumFractionDigits as number;
}

export function isMinorAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Major units as an exact decimal string: (123456, 'EUR') -> "1234.56", (1235, 'JPY') -> "1235". */
export function minorToDecimalString(minor: number, currency: string): string {
  if (!isMinorAmount(minor))
    throw invalidInput('amountMinor', `expected an integer amount, got ${String(minor)}`);
  const digits = currencyExponent(currency);
  const abs = Math.abs(minor)
    .toString()
    .padStart(digits + 1, '0');
  const whole = digits === 0 ? abs : abs.slice(0, -digits);
  const fraction = digits === 0 ? '' : `.${abs.slice(-digits)}`;
  return `${minor < 0 ? '-' : ''}${whole}${fraction}`;
}

// `en` is Intl's plain English (US conventions for money: "€1,234.56", "¥1,235", "$1.00"); en-GB
// would print "JP¥" and "US$". Dates use en-GB ("15 March 2026"), which reads the same everywhere.
const moneyLocale: Record<Locale, string> = { de: 'de-DE', en: 'en' };
const dateLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/**
 * Formats minor units for people: formatMoney(123456, 'EUR', 'de') === '1.234,56\u00a0€'.
 * The space Intl puts between amount and symbol in German is a NO-BREAK SPACE (U+00A0); we keep it on
 * purpose so that an amount never wraps away from its currency sign in emails and pages.
 */
export function formatMoney(minor: number, currency: string, locale: Locale): string {
  const decimal = minorToDecimalString(minor, currency);
  const digits = currencyExponent(currency);
  const format = numberFormat(moneyLocale[locale] ?? 'en', {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl.NumberFormat v3 (Node >= 20) formats exact decimal strings; the typings only admit number | bigint.
  return format.format(decimal as unknown as number);
}

/** A UTC calendar date: formatDate('2026-03-15T00:00:00Z', 'de') === '15. März 2026', 'en': '15 March 2026'. */
export function formatDate(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw invalidInput('date', `"${iso}" is not a date`);
  return dateTimeFormat(dateLocale[locale] ?? 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}
