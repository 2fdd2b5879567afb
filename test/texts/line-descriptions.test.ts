// Proration lines described in the reader's language from their structured fields, for every kind
// of item the pricing module builds, on quotes the real pricing module computes.
import { expect } from 'chai';
import { defaultCatalog } from '../../activities/pricing/index.js';
import type { ChangeSet, Locale, SubscriptionTerms } from '../../activities/pricing/types.js';
import { describeLines, textsFor } from '../../activities/texts/index.js';
import { quoteOf } from './quotes.js';

const NBSP = '\u00a0';

function described(change: ChangeSet, locale: Locale, terms: Partial<SubscriptionTerms> = {}) {
  const q = quoteOf(change, terms);
  const lines = describeLines(q.lines, {
    texts: textsFor(locale),
    locale,
    catalog: defaultCatalog,
    quote: q,
  });
  return lines.map((l) => `${l.line.kind}: ${l.description}`);
}

describe('proration line descriptions', () => {
  it('credits the old and charges the remaining time of the new seats, with the tax on each', () => {
    expect(described({ plan: 'professional', seats: 8 }, 'de')).to.deep.equal([
      `credit: Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`,
      `tax: USt. 19${NBSP}% – Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`,
      `charge: Restlaufzeit für 8 × Professional à 299,00${NBSP}€ (monatlich)`,
      `tax: USt. 19${NBSP}% – Restlaufzeit für 8 × Professional à 299,00${NBSP}€ (monatlich)`,
    ]);
    expect(described({ plan: 'professional', seats: 8 }, 'en')).to.deep.equal([
      'credit: Unused time on 5 × Team at €99.00 (monthly)',
      'tax: VAT 19% on unused time on 5 × Team at €99.00 (monthly)',
      'charge: Remaining time on 8 × Professional at €299.00 (monthly)',
      'tax: VAT 19% on remaining time on 8 × Professional at €299.00 (monthly)',
    ]);
  });

  it('names add-ons from the catalog and charges a whole new period on an interval change', () => {
    const de = described({ interval: 'year' }, 'de').filter((l) => !l.startsWith('tax'));
    expect(de).to.deep.equal([
      `credit: Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`,
      `charge: 5 × Team à 990,00${NBSP}€ (jährlich), neuer Abrechnungszeitraum`,
      `credit: Ungenutzte Zeit für 1 × Add-on Auswertungen à 49,00${NBSP}€ (monatlich)`,
      `charge: 1 × Add-on Auswertungen à 490,00${NBSP}€ (jährlich), neuer Abrechnungszeitraum`,
    ]);
    const en = described({ addOns: { add: ['priority_support'] } }, 'en').filter((l) => !l.startsWith('tax'));
    expect(en).to.deep.equal(['charge: Remaining time on 1 × Priority support add-on at €99.00 (monthly)']);
  });

  it('shows the contact tier of a tiered plan, and a product the request adds with its product name', () => {
    const tiers = { product: 'campaigns', plan: 'starter', seats: 1, contactLimit: 1000, addOns: [] };
    expect(described({ contactLimit: 2500 }, 'de', tiers).filter((l) => !l.startsWith('tax'))).to.deep.equal([
      `credit: Ungenutzte Zeit für 1 × Starter bis 1.000 Kontakte à 15,00${NBSP}€ (monatlich)`,
      `charge: Restlaufzeit für 1 × Starter bis 2.500 Kontakte à 29,00${NBSP}€ (monatlich)`,
    ]);
    expect(
      described({ addProduct: { product: 'campaigns', plan: 'starter' } }, 'de').filter(
        (l) => !l.startsWith('tax'),
      ),
    ).to.deep.equal([
      `charge: 1 × Kampagnen Starter bis 1.000 Kontakte à 15,00${NBSP}€ (monatlich), erster Abrechnungszeitraum`,
    ]);
    expect(
      described({ addProduct: { product: 'campaigns', plan: 'starter' } }, 'en').filter(
        (l) => !l.startsWith('tax'),
      ),
    ).to.deep.equal([
      'charge: 1 × Campaigns Starter up to 1,000 contacts at €15.00 (monthly), first billing period',
    ]);
  });

  it('shows an item the catalog does not know by its id, humanised', () => {
    const q = quoteOf({ seats: 6 });
    const lines = q.lines.map((l) => ({ ...l, itemId: 'legacy_seat_bundle' }));
    const [first] = describeLines(lines, {
      texts: textsFor('en'),
      locale: 'en',
      catalog: undefined,
      quote: q,
    });
    expect(first?.description).to.equal('Unused time on 5 × Legacy seat bundle at €99.00 (monthly)');
  });
});
