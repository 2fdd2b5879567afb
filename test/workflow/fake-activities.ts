// Fakes for the workflow's activities: fast, recordable, and scriptable (fail N times, change the
// version). Every capability tested here is also tested with the real activities in test/e2e.
import { ApplicationFailure } from '@temporalio/common';
import type { PlangateActivities } from '../../activities/index.js';
import type { AnnounceInput } from '../../activities/announce.js';
import type { SendRequestEmailsInput } from '../../activities/send-request-emails.js';
import { requestEvent, type RequestEvent } from '../../workflows/request-events.js';
import type { Quote } from '../../activities/pricing/types.js';
import type { PreparedRequest } from '../../activities/prepare-request.js';

export function fakeQuote(overrides: Partial<Quote> = {}): Quote {
  const terms = {
    product: 'suite',
    plan: 'team',
    seats: 5,
    contactLimit: null,
    addOns: [],
    interval: 'month' as const,
    currency: 'EUR',
    status: 'active' as const,
    periodStart: '2026-11-01T00:00:00.000Z',
    periodEnd: '2026-12-01T00:00:00.000Z',
  };
  return {
    at: '2026-11-15T00:00:00.000Z',
    currency: 'EUR',
    subscriptionId: 'sub_1',
    subscriptionVersion: 1,
    kinds: ['seat_increase'],
    route: 'approval',
    before: terms,
    after: { ...terms, seats: 8 },
    currentItems: [],
    nextItems: [],
    lines: [],
    subtotalMinor: 1000,
    taxMinor: 190,
    totalMinor: 1190,
    tax: { country: 'DE', rateBps: 1900, reverseCharge: false },
    recurringBeforeMinor: 5000,
    recurringAfterMinor: 8000,
    newPeriodStart: terms.periodStart,
    newPeriodEnd: terms.periodEnd,
    nextBillingDate: terms.periodEnd,
    paymentMethodRequired: true,
    summary: ['seats 5 → 8'],
    ...overrides,
  };
}

export interface FakeScript {
  quote?: Quote;
  paymentMethodOnFile?: boolean;
  /** Answers of later payment checks (the owner adds a card). */
  paymentMethodNow?: boolean;
  /** The apply throws a transient error this many times first. */
  applyFailures?: number;
  /** The first N applies report a version conflict. */
  applyConflicts?: number;
  prepareError?: ApplicationFailure;
}

export function fakeActivities(script: FakeScript = {}) {
  const emails: SendRequestEmailsInput[] = [];
  /** Every event the workflow stored, through an announcement or the apply, in order. */
  const events: RequestEvent[] = [];
  async function announced(input: AnnounceInput) {
    events.push(...(input.events ?? []));
    if (input.emails.length > 0) emails.push(input);
    return { sent: input.emails.length, skipped: 0, refused: 0 };
  }
  const applies: string[] = [];
  let prepares = 0;
  let failures = script.applyFailures ?? 0;
  let conflicts = script.applyConflicts ?? 0;
  const activities: PlangateActivities = {
    async prepareRequest(input) {
      prepares += 1;
      if (script.prepareError) throw script.prepareError;
      const prepared: PreparedRequest = {
        requester: { userId: input.requestedBy, name: 'Adam Admin', role: 'admin' },
        approvers: [
          { userId: 'olivia', name: 'Olivia Owner', role: 'owner' },
          { userId: 'bill', name: 'Bill Billing', role: 'billing_admin' },
        ],
        quote: { ...(script.quote ?? fakeQuote()), subscriptionVersion: prepares },
        paymentMethodOnFile: script.paymentMethodOnFile ?? true,
      };
      return prepared;
    },
    async checkPaymentMethod() {
      return script.paymentMethodNow ?? false;
    },
    announce: announced,
    sendRequestEmails: announced,
    async applyApprovedChange(input) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database briefly unavailable');
      }
      if (conflicts > 0) {
        conflicts -= 1;
        throw ApplicationFailure.create({
          type: 'SUBSCRIPTION_VERSION_CONFLICT',
          message: 'moved on',
          nonRetryable: true,
        });
      }
      applies.push(input.requestId);
      if (input.confirmation) emails.push(input.confirmation);
      const record = {
        invoiceId: `inv_${applies.length}`,
        totalMinor: 1190,
        currency: 'EUR',
        appliedAt: new Date().toISOString(),
        subscriptionVersion: 2,
      };
      const { announce } = input;
      if (announce) {
        const view = { requestId: input.requestId, accountId: input.accountId, state: 'applied' as const };
        events.push(
          ...announce.events,
          requestEvent('applied', announce.appliedSequence, record.appliedAt, view),
        );
      }
      return { record, confirmationSent: true };
    },
  };
  return {
    activities,
    emails,
    events,
    applies,
    get prepares() {
      return prepares;
    },
    kindsSent: () => emails.flatMap((e) => e.emails.map((m) => `${m.kind}>${m.audience}`)),
  };
}
