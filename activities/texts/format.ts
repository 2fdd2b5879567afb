// Numbers and instants as the reader of an email or a page sees them. Money and calendar dates come
// from the pricing module (the amounts approvers see in mails, pages and invoices must read the
// same); what only the readers' texts need is here.
import type { Locale } from '../pricing/types.js';

import { dateTimeFormat, numberFormat } from '../pricing/intl-formats.js';

export { formatMoney, formatDate } from '../pricing/money.js';

const intlLocale: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/**
 * How much of an instant to show. `long` in emails ("15. März 2025 um 14:00 UTC"), `medium` on the
 * pages ("15.03.2025, 14:00 UTC"), `seconds` in the dev mailbox ("15.03.2025, 14:00:05 UTC").
 */
export type DateTimeStyle = 'long' | 'medium' | 'seconds';

const dateTimeStyles: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  long: { dateStyle: 'long', timeStyle: 'short' },
  medium: { dateStyle: 'medium', timeStyle: 'short' },
  seconds: { dateStyle: 'medium', timeStyle: 'medium' },
};

/**
 * Date and time in UTC, said so: we do not know the reader's time zone (mails and pages carry no
 * script). Something that is not an instant is shown as it is rather than failing a page or a send.
 */
export function formatDateTime(iso: string, locale: Locale, style: DateTimeStyle = 'long'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = dateTimeFormat(intlLocale[locale], { ...dateTimeStyles[style], timeZone: 'UTC' }).format(date);
  return `${text} UTC`;
}

/** A tax rate in basis points: 1900 -> "19 %" (de) / "19%" (en). */
export function formatPercentBps(bps: number, locale: Locale): string {
  return numberFormat(intlLocale[locale], { style: 'percent', maximumFractionDigits: 2 }).format(
    bps / 10_000,
  );
}

/** Plain integers with grouping: 10000 -> "10.000" / "10,000". */
export function formatCount(n: number, locale: Locale): string {
  return numberFormat(intlLocale[locale]).format(n);
}
