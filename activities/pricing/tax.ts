// VAT: which rate a customer pays, and the tax line that goes with each credit or charge line.
import { mul, ratio, roundHalfAwayFromZero } from './rational.js';
import type { CatalogTax, Line, LocalisedText, TaxCustomer, TaxDecision } from './types.js';

export const reverseChargeNote: LocalisedText = {
  en: 'Reverse charge: VAT to be accounted for by the recipient (Art. 196 Council Directive 2006/112/EC).',
  de: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwSt-Systemrichtlinie 2006/112/EG).',
};

/** A TaxDecision with the reverse-charge note in both languages (the `note` field is the English one). */
export interface TaxDecisionWithNotes extends TaxDecision {
  notes?: LocalisedText;
}

/**
 * The rule (seller in an EU state, `tax.sellerCountry`, DE in the default catalog):
 * - customer in the seller's country: the domestic rate, VAT ID or not (reverse charge is cross-border only);
 * - customer in another EU state with a VAT ID: reverse charge, rate 0, with the invoice note;
 * - customer in another EU state without a VAT ID (a consumer): the customer country's rate
 *   (destination principle for electronically supplied services, collected through OSS);
 * - customer outside the EU: the rate the catalog lists for that country (the vendor is registered
 *   there, e.g. GB or CH) and otherwise 0 (export of services; the customer self-assesses).
 */
export function decideTax(customer: TaxCustomer, tax: CatalogTax): TaxDecisionWithNotes {
  const country = customer.country.toUpperCase();
  const inEu = tax.euCountries.includes(country);
  const hasVatId = typeof customer.vatId === 'string' && customer.vatId.trim() !== '';
  if (inEu && country !== tax.sellerCountry && hasVatId) {
    return { country, rateBps: 0, reverseCharge: true, note: reverseChargeNote.en, notes: reverseChargeNote };
  }
  return { country, rateBps: tax.vatRatesBps[country] ?? 0, reverseCharge: false };
}

/** 1900 -> "19%", 750 -> "7.5%". */
export function formatRateBps(rateBps: number): string {
  return `${(rateBps / 100).toString()}%`;
}

/**
 * The tax on one credit or charge line: computed on that line's (already rounded) amount, rounded half
 * away from zero, same sign as the line. Returns undefined for a zero tax (zero lines are omitted).
 */
export function taxLineFor(base: Line, rateBps: number): Line | undefined {
  if (rateBps === 0) return undefined;
  const amount = roundHalfAwayFromZero(mul(ratio(base.amountMinor), ratio(rateBps, 10_000)));
  if (amount === 0n) return undefined;
  const about = base.description.charAt(0).toLowerCase() + base.description.slice(1);
  return {
    kind: 'tax',
    itemId: base.itemId,
    amountMinor: Number(amount),
    servicePeriodStart: base.servicePeriodStart,
    servicePeriodEnd: base.servicePeriodEnd,
    description: `VAT ${formatRateBps(rateBps)} on ${about}`,
  };
}
