// Hand-built data for the mailer tests: a EUR quote for suite Team x5 -> Professional x8 on
// 16 March 2025 (16 of 31 days left), computed by hand so the tests do not depend on pricing.
//   credit  Team x5:          -49500 * 16/31 = -25548.39 -> -25548, tax -4854.12 -> -4854
//   charge  Professional x8: 239200 * 16/31 = 123458.06 -> 123458, tax 23457.02 -> 23457
//   subtotal 97910, tax 18603, total 116513; recurring 54400 -> 244100 (4900 is the add-on)
import type { Quote, SubscriptionTerms } from '../../activities/pricing/types.js';
import type { Recipient, RequestEmailModel } from '../../activities/mailer/types.js';
import type { BillingStore, SentEmail } from '../../activities/store/types.js';

/** suite Team × 5 with Analytics, monthly in EUR, billed on the 1st. */
export const sampleTerms: SubscriptionTerms = {
  product: 'suite',
  plan: 'team',
  seats: 5,
  contactLimit: null,
  addOns: ['analytics'],
  interval: 'month',
  currency: 'EUR',
  status: 'active',
  periodStart: '2025-03-01T00:00:00.000Z',
  periodEnd: '2025-04-01T00:00:00.000Z',
};

export const sampleQuote: Quote = {
  at: '2025-03-16T00:00:00.000Z',
  currency: 'EUR',
  subscriptionId: 'sub_acme_1',
  subscriptionVersion: 3,
  kinds: ['upgrade', 'seat_increase'],
  route: 'approval',
  before: sampleTerms,
  after: { ...sampleTerms, plan: 'professional', seats: 8 },
  currentItems: [
    { itemId: 'seats', priceId: 'suite.team.EUR.month', unitAmountMinor: 9900, quantity: 5 },
    { itemId: 'addon:analytics', priceId: 'analytics.EUR.month', unitAmountMinor: 4900, quantity: 1 },
  ],
  nextItems: [
    { itemId: 'seats', priceId: 'suite.professional.EUR.month', unitAmountMinor: 29900, quantity: 8 },
    { itemId: 'addon:analytics', priceId: 'analytics.EUR.month', unitAmountMinor: 4900, quantity: 1 },
  ],
  lines: [
    {
      kind: 'credit',
      itemId: 'seats',
      amountMinor: -25548,
      quantity: 5,
      unitAmountMinor: 9900,
      servicePeriodStart: '2025-03-16T00:00:00.000Z',
      servicePeriodEnd: '2025-04-01T00:00:00.000Z',
      description: 'Unused time on Team × 5',
    },
    {
      kind: 'tax',
      itemId: 'seats',
      amountMinor: -4854,
      servicePeriodStart: '2025-03-16T00:00:00.000Z',
      servicePeriodEnd: '2025-04-01T00:00:00.000Z',
      description: 'VAT 19% on unused time on Team × 5',
    },
    {
      kind: 'charge',
      itemId: 'seats',
      amountMinor: 123458,
      quantity: 8,
      unitAmountMinor: 29900,
      servicePeriodStart: '2025-03-16T00:00:00.000Z',
      servicePeriodEnd: '2025-04-01T00:00:00.000Z',
      description: 'Remaining time on Professional × 8',
    },
    {
      kind: 'tax',
      itemId: 'seats',
      amountMinor: 23457,
      servicePeriodStart: '2025-03-16T00:00:00.000Z',
      servicePeriodEnd: '2025-04-01T00:00:00.000Z',
      description: 'VAT 19% on remaining time on Professional × 8',
    },
  ],
  subtotalMinor: 97910,
  taxMinor: 18603,
  totalMinor: 116513,
  tax: { country: 'DE', rateBps: 1900, reverseCharge: false },
  recurringBeforeMinor: 54400,
  recurringAfterMinor: 244100,
  newPeriodStart: '2025-03-01T00:00:00.000Z',
  newPeriodEnd: '2025-04-01T00:00:00.000Z',
  nextBillingDate: '2025-04-01T00:00:00.000Z',
  paymentMethodRequired: true,
  summary: ['Plan team -> professional', 'Seats 5 -> 8'],
};

/** The same subscription, only the interval changes: no seats are added. */
export const intervalOnlyQuote: Quote = {
  ...sampleQuote,
  kinds: ['interval_change'],
  after: { ...sampleTerms, interval: 'year' },
  paymentMethodRequired: false,
  summary: ['Interval month -> year'],
};

export const olivia: Recipient = {
  userId: 'olivia',
  name: 'Olivia Owner',
  email: 'olivia@acme.test',
  locale: 'de',
};
export const bill: Recipient = {
  userId: 'bill',
  name: 'Bill Billing',
  email: 'bill@acme.test',
  locale: 'en',
};
export const adam: Recipient = { userId: 'adam', name: 'Adam Admin', email: 'adam@acme.test', locale: 'en' };

export function sampleModel(overrides: Partial<RequestEmailModel> = {}): RequestEmailModel {
  return {
    requestId: 'req_01HZX5',
    accountId: 'acme',
    accountName: 'Acme GmbH',
    requester: { userId: adam.userId, name: adam.name },
    recipient: olivia,
    quote: sampleQuote,
    note: 'We hire three new agents in April.',
    approvalUrl: 'https://plangate.test/approve/abc.def',
    statusUrl: 'https://plangate.test/status/ghi.jkl',
    expiresAt: '2025-03-23T00:00:00.000Z',
    decidedBy: { userId: olivia.userId, name: olivia.name },
    reason: 'Budget approved in Q1.',
    approvers: [
      { userId: olivia.userId, name: olivia.name },
      { userId: bill.userId, name: bill.name },
    ],
    invoice: {
      invoiceId: 'INV-2025-0042',
      accountId: 'acme',
      requestId: 'req_01HZX5',
      issuedAt: '2025-03-16T10:00:00.000Z',
      currency: 'EUR',
      lines: sampleQuote.lines,
      subtotalMinor: 97910,
      taxMinor: 18603,
      totalMinor: 116513,
      notes: [],
    },
    ...overrides,
  };
}

export type SentEmailLog = Pick<BillingStore, 'findSentEmail' | 'recordSentEmail'> & { rows: SentEmail[] };

/** An in-memory stand-in for the two send-log methods of the billing store (the real one is tested in test/store). */
export function fakeSentEmailStore(): SentEmailLog {
  const rows: SentEmail[] = [];
  const same = (r: SentEmail, requestId: string, kind: string, recipient: string) =>
    r.requestId === requestId && r.kind === kind && r.recipient === recipient;
  return {
    rows,
    findSentEmail(requestId, kind, recipient) {
      return Promise.resolve(rows.find((r) => same(r, requestId, kind, recipient)) ?? null);
    },
    recordSentEmail(email) {
      if (rows.some((r) => same(r, email.requestId, email.kind, email.recipient)))
        return Promise.resolve(false);
      rows.push({ ...email, sentAt: email.sentAt ?? new Date().toISOString() });
      return Promise.resolve(true);
    },
  };
}
