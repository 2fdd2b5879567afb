// A quote as support reads it: what changes (before -> after), the proration lines, the totals.
import { formatMoney } from '../../../activities/pricing/index.js';
import type { Quote, SubscriptionTerms } from '../../../activities/pricing/types.js';
import { formatPairs, formatTable } from '../table.js';

// Support works in English; emails and pages are localised for customers, not this output.
const money = (minor: number, currency: string) => formatMoney(minor, currency, 'en');

export function renderQuote(quote: Quote): string {
  const { currency } = quote;
  const sections: string[] = [];
  sections.push(
    formatTable(termRows(quote.before, quote.after), [
      { header: 'term', value: (r) => r.term },
      { header: 'before', value: (r) => r.before },
      { header: ' ', value: (r) => (r.before === r.after ? '' : '->') },
      { header: 'after', value: (r) => r.after },
    ]),
  );
  if (quote.summary.length > 0) sections.push(quote.summary.map((line) => `* ${line}`).join('\n'));
  if (quote.lines.length > 0) {
    sections.push(
      formatTable(quote.lines, [
        { header: 'line', value: (l) => l.kind },
        { header: 'description', value: (l) => l.description },
        {
          header: 'period',
          value: (l) => `${l.servicePeriodStart.slice(0, 10)} .. ${l.servicePeriodEnd.slice(0, 10)}`,
        },
        { header: 'amount', value: (l) => money(l.amountMinor, currency), align: 'right' },
      ]),
    );
  } else {
    sections.push('No proration lines: nothing is charged or credited now.');
  }
  const taxLabel = quote.tax.reverseCharge
    ? 'Tax (reverse charge)'
    : `Tax (${quote.tax.country} ${(quote.tax.rateBps / 100).toFixed(2).replace(/\.?0+$/, '')} %)`;
  sections.push(
    formatPairs([
      ['Subtotal', money(quote.subtotalMinor, currency)],
      [taxLabel, money(quote.taxMinor, currency)],
      ['Total now', money(quote.totalMinor, currency)],
      [
        'Recurring',
        `${money(quote.recurringBeforeMinor, currency)} -> ${money(quote.recurringAfterMinor, currency)} per ${quote.after.interval} (before tax)`,
      ],
      ['Next billing', quote.nextBillingDate.slice(0, 10)],
      ['Route', quote.route === 'approval' ? 'approval' : 'approval, then support review'],
      ['Payment method', quote.paymentMethodRequired ? 'required (the price goes up)' : 'not required'],
      ...(quote.scheduledChangeAt ? [['Takes effect', quote.scheduledChangeAt.slice(0, 10)] as const] : []),
      ['Priced at', quote.at],
    ]),
  );
  return sections.join('\n\n');
}

function termRows(before: SubscriptionTerms, after: SubscriptionTerms) {
  const rows = [
    { term: 'product', before: before.product, after: after.product },
    { term: 'plan', before: before.plan, after: after.plan },
    { term: 'seats', before: String(before.seats), after: String(after.seats) },
    { term: 'interval', before: before.interval, after: after.interval },
    { term: 'add-ons', before: before.addOns.join(', ') || '-', after: after.addOns.join(', ') || '-' },
    {
      term: 'period',
      before: `${before.periodStart.slice(0, 10)} .. ${before.periodEnd.slice(0, 10)}`,
      after: `${after.periodStart.slice(0, 10)} .. ${after.periodEnd.slice(0, 10)}`,
    },
  ];
  if (before.contactLimit !== null || after.contactLimit !== null) {
    rows.splice(3, 0, {
      term: 'contacts',
      before: String(before.contactLimit ?? '-'),
      after: String(after.contactLimit ?? '-'),
    });
  }
  return rows;
}
