// Intl formatting for emails. Money and calendar dates come from the pricing module (the numbers
// approvers see in mails, pages and invoices must read the same); what only mails need is here.
import type { Locale } from '../pricing/types.js';

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

// Money and dates are formatted one way across Plangate: the pricing module's.
export { formatMoney, formatDate } from '../pricing/money.js';

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
