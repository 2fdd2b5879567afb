// The text catalogue: every word an email, an approval or status page, or the dev mailbox shows, in
// German (de.ts) and English (en.ts), behind one interface (types.ts). Emails and pages take their
// texts, names, numbers and line descriptions from here, so the same thing reads the same everywhere.
import type { Locale } from '../pricing/types.js';
import { de } from './de.js';
import { en } from './en.js';
import type { Texts } from './types.js';

export type { DevMailboxTexts, EmailTexts, LineTexts, PageTexts, PortalTexts, Texts } from './types.js';
export {
  addOnName,
  humaniseId,
  planName,
  productName,
  type CatalogNames,
  type NameSource,
} from './catalog-names.js';
export {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatPercentBps,
  type DateTimeStyle,
} from './format.js';
export {
  creditAndChargeRows,
  describeLines,
  type DescribedLine,
  type LineContext,
  type PriceTableRow,
} from './line-descriptions.js';

const catalogues: Record<Locale, Texts> = { de, en };

/** The texts in the reader's language; an unknown locale falls back to English rather than failing. */
export function textsFor(locale: Locale): Texts {
  return catalogues[locale] ?? en;
}
