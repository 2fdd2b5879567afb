// Instants on the pages: dates through the pricing module's formatDate (same words as the emails),
// and date-times in UTC, labelled as such, because we do not know the reader's time zone without JS.
import { formatDate } from '../../../activities/pricing/index.js';
import type { Locale } from '../../../activities/pricing/types.js';

export { formatDate };

export function formatDateTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date);
  return `${text} UTC`;
}
