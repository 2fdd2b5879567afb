// Quotes computed by the real pricing module and the default catalog, for the tests that describe
// their lines (the mailer's hand-built sample quote is in test/mailer/fixtures.ts).
import { defaultCatalog, quote } from '../../activities/pricing/index.js';
import type { ChangeSet, Quote, SubscriptionTerms } from '../../activities/pricing/types.js';
import { sampleTerms } from '../mailer/fixtures.js';

/** The change priced on 16 March 2025, half-way through the sample subscription's period. */
export function quoteOf(change: ChangeSet, terms: Partial<SubscriptionTerms> = {}): Quote {
  return quote({
    catalog: defaultCatalog,
    customer: { country: 'DE', vatId: null },
    subscription: { ...sampleTerms, ...terms, subscriptionId: 'sub_1', version: 1 },
    change,
    at: '2025-03-16T00:00:00.000Z',
  });
}
