// Fakes for the workflow's activities: fast, recordable, and scriptable (fail N times, change the
// version). Every capability tested here is also tested with the real activities in test/e2e.
import { ApplicationFailure } from '@temporalio/common';
import type { PlangateActivities } from '../../activities/index.js';
import type { AnnounceInput } from '../../activities/announce.js';
import type { SendRequestEmailsInput } from '../../activities/send-request-emails.js';
import { requestEvent, type RequestEvent } from '../../workflows/request-events.js';
import type { Quote } from '../../activities/pricing/types.js';
import type { PreparedRequest, PrepareRequestInput } from '../../activities/prepare-request.js';
import type { ApprovalPlan, ApprovalPolicy } from '../../activities/store/policy-types.js';
import type { PersonView } from '../../workflows/messages.js';

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
  /** Who the prepare step lists as approvers (default olivia and bill). */
  approvers?: PersonView[];
  /** The quote-time snapshot; later checks answer false until `addPaymentMethod()` is called. */
  paymentMethodOnFile?: boolean;
  /** The apply throws a transient error this many times first. */
  applyFailures?: number;
  /** The first N applies report a version conflict. */
  applyConflicts?: number;
  prepareError?: ApplicationFailure;
  /** Throw `prepareError` only on these calls (1-based; default every call). */
  prepareErrorOnCalls?: number[];
  /** The relay refuses every email until `endEmailOutage()` is called. */
  emailOutage?: boolean;
  /** Who submits (default Adam, an admin): an owner's submission is a direct change. */
  requester?: PersonView;
  /** The approval plan prepare resolved (default none: the first approver decides alone). */
  plan?: ApprovalPlan;
  /** The policy prepare says it resolved the plan from (the request keeps it for re-quotes). */
  policy?: ApprovalPolicy;
}

export function fakeActivities(script: FakeScript = {}) {
  const emails: SendRequestEmailsInput[] = [];
  const applies: string[] = [];
  let prepares = 0;
  const prepareInputs: PrepareRequestInput[] = [];
  let paymentChecks = 0;
  let paymentMethodNow = false;
  let emailOutage = script.emailOutage ?? false;
  /** Every event the workflow stored, through an announcement or the apply, in order. */
  const events: RequestEvent[] = [];
  const store = (stored: RequestEvent[]) =>
    events.push(...stored.filter((event) => !events.some((e) => e.id === event.id)));
  async function announced(input: AnnounceInput) {
    // As in the real activity: the store keeps the events (once, whatever the retries), then the relay.
    store(input.events ?? []);
    if (emailOutage && input.emails.length > 0) throw new Error('421 Service not available, try later');
    if (input.emails.length > 0) emails.push(input);
    return { sent: input.emails.length, skipped: 0, refused: 0 };
  }
  let failures = script.applyFailures ?? 0;
  let conflicts = script.applyConflicts ?? 0;
  const activities: PlangateActivities = {
    async prepareRequest(input) {
      prepares += 1;
      prepareInputs.push(input);
      if (script.prepareError && (script.prepareErrorOnCalls ?? [prepares]).includes(prepares))
        throw script.prepareError;
      const prepared: PreparedRequest = {
        requester: script.requester ?? { userId: input.requestedBy, name: 'Adam Admin', role: 'admin' },
        approvers: script.approvers ?? [
          { userId: 'olivia', name: 'Olivia Owner', role: 'owner' },
          { userId: 'bill', name: 'Bill Billing', role: 'billing_admin' },
        ],
        quote: { ...(script.quote ?? fakeQuote()), subscriptionVersion: prepares },
        paymentMethodOnFile: script.paymentMethodOnFile ?? true,
        ...(script.plan ? { plan: script.plan } : {}),
        ...(script.policy ? { policy: script.policy } : {}),
      };
      return prepared;
    },
    async checkPaymentMethod() {
      paymentChecks += 1;
      return paymentMethodNow;
    },
    announce: announced,
    sendRequestEmails: announced,
    async applyApprovedChange(input) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database briefly unavailable');
      }
      // Like the real apply: the approval's events are stored first, whether or not the apply goes through.
      if (input.announce) store(input.announce.events);
      if (conflicts > 0) {
        conflicts -= 1;
        throw ApplicationFailure.create({
          type: 'SUBSCRIPTION_VERSION_CONFLICT',
          message: 'moved on',
          nonRetryable: true,
        });
      }
      applies.push(input.requestId);
      // Like the real apply: the confirmation goes out at once only when the relay takes it.
      const confirmationSent = !!input.confirmation && !emailOutage;
      if (confirmationSent) emails.push(input.confirmation!);
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
        store([requestEvent('applied', announce.appliedSequence, record.appliedAt, view)]);
      }
      return { record, confirmationSent };
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
    /** What each prepare step was asked, in order (the first prepare, then each re-quote). */
    prepareInputs,
    get paymentChecks() {
      return paymentChecks;
    },
    /** The owner adds a payment method: later checks find it. */
    addPaymentMethod() {
      paymentMethodNow = true;
    },
    endEmailOutage() {
      emailOutage = false;
    },
    kindsSent: () => emails.flatMap((e) => e.emails.map((m) => `${m.kind}>${m.audience}`)),
  };
}
