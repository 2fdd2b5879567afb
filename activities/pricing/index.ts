// The public API of `plangate/pricing` (package.json exports "./pricing"). Pure: no I/O anywhere.
export { prorate, periodAfter } from './prorate.js';
export { quote, defaultQuotePolicy, resolveQuotePolicy } from './quote.js';
export { parseCatalog, catalogCurrencies } from './catalog.js';
export { catalogSchema } from './catalog-schema.js';
export { defaultCatalog, defaultCatalogSource } from './default-catalog.js';
export { formatMoney, formatDate, currencyExponent, isKnownCurrency, minorToDecimalString } from './money.js';
export { decideTax, reverseChargeNote } from './tax.js';
export type { TaxDecisionWithNotes } from './tax.js';
export { addMonths, addInterval, intervalMonths } from './calendar.js';
export { PricingError, CatalogValidationError, QuoteValidationError } from './errors.js';
export type { PricingErrorCode, CatalogIssue, ChangeProblem } from './errors.js';
export type * from './types.js';
