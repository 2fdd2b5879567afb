import { expect } from 'chai';
import type { PreparedRequest } from '../../activities/prepare-request.js';
import { ChangeRequest } from '../../workflows/request-state.js';
import { allowedMoves, type RequestState } from '../../workflows/request-states.js';
import { withDefaults } from '../../workflows/request-policy.js';
import { documentedMoves } from '../docs/workflow-doc.js';
import { fakeQuote } from './fake-activities.js';

const t0 = Date.parse('2026-11-01T00:00:00Z');
const prepared = (overrides: Partial<PreparedRequest> = {}): PreparedRequest => ({
  requester: { userId: 'adam', name: 'Adam', role: 'admin' },
  approvers: [{ userId: 'olivia', name: 'Olivia', role: 'owner' }],
  quote: fakeQuote(),
  paymentMethodOnFile: true,
  ...overrides,
});

function newRequest() {
  const request = new ChangeRequest(
    { requestId: 'req_1', accountId: 'acme', requestedBy: 'adam', changes: { seats: 8 }, channel: 'api' },
    withDefaults({ remindAfterMs: [1000, 3000], expireAfterMs: 5000 }),
    t0,
  );
  request.markPrepared(prepared(), t0 + 10);
  return request;
}

/** The type and message of the refusal `fn` throws, or undefined when it throws nothing. */
function refusal(fn: () => void): { type?: string; message: string } | undefined {
  try {
    fn();
  } catch (error) {
    return { type: (error as { type?: string }).type, message: (error as Error).message };
  }
  return undefined;
}

function failureType(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { type?: string }).type;
  }
  return undefined;
}

describe('ChangeRequest state machine', () => {
  it('moves pending_approval -> applying -> applied and records each step in the timeline', () => {
    const r = newRequest();
    expect(r.state).to.equal('pending_approval');
    r.decide({ approverId: 'olivia', decision: 'approve', channel: 'api' }, t0 + 20);
    expect(r.state).to.equal('applying');
    r.markApplied({
      invoiceId: 'inv',
      totalMinor: 1,
      currency: 'EUR',
      appliedAt: 'x',
      subscriptionVersion: 2,
    });
    expect(r.state).to.equal('applied');
    expect(r.isOpen).to.equal(false);
    expect(r.timeline.map((e) => `${e.action}:${e.state}`)).to.deep.equal([
      'submitted:preparing',
      'quoted:pending_approval',
      'approved:applying',
      'applied:applied',
    ]);
  });

  it('schedules reminders and expiry from the start of the round', () => {
    const r = newRequest();
    expect(r.nextReminderAt).to.equal(t0 + 10 + 1000);
    r.markReminded(t0 + 1010);
    expect(r.nextReminderAt).to.equal(t0 + 10 + 3000);
    r.markReminded(t0 + 3010);
    expect(r.nextReminderAt).to.equal(undefined);
    expect(r.expiresAt).to.equal(t0 + 10 + 5000);
  });

  it('refuses self-approval, strangers, reasonless rejections and decisions after the end', () => {
    const r = newRequest();
    expect(
      refusal(() =>
        r.validateDecision({ approverId: 'adam', decision: 'approve', channel: 'api' }, Date.now()),
      ),
    ).to.deep.equal({ type: 'NOT_AN_APPROVER', message: 'A requester cannot decide their own request' });
    expect(
      refusal(() =>
        r.validateDecision({ approverId: 'eve', decision: 'approve', channel: 'api' }, Date.now()),
      ),
    ).to.deep.equal({ type: 'NOT_AN_APPROVER', message: 'eve is not an approver of this request' });
    expect(
      failureType(() =>
        r.validateDecision(
          { approverId: 'olivia', decision: 'reject', reason: '  ', channel: 'api' },
          Date.now(),
        ),
      ),
    ).to.equal('INVALID_DECISION');
    r.decide({ approverId: 'olivia', decision: 'reject', reason: 'too expensive', channel: 'api' }, t0 + 50);
    expect(r.state).to.equal('rejected');
    expect(
      failureType(() =>
        r.validateDecision({ approverId: 'olivia', decision: 'approve', channel: 'api' }, Date.now()),
      ),
    ).to.equal('REQUEST_NOT_OPEN');
    expect(failureType(() => r.validateCancel({ userId: 'adam', channel: 'api' }))).to.equal(
      'REQUEST_NOT_OPEN',
    );
  });

  it('refuses self-approval even when the data lists the requester as an approver', () => {
    // E.g. adam became a billing admin after asking: the approver list alone would let him decide.
    const r = new ChangeRequest(newRequest().input, newRequest().policy, t0);
    r.markPrepared(
      prepared({
        approvers: [
          { userId: 'olivia', name: 'Olivia', role: 'owner' },
          { userId: 'adam', name: 'Adam', role: 'billing_admin' },
        ],
      }),
      t0 + 10,
    );
    const self = { approverId: 'adam', decision: 'approve', channel: 'api' } as const;
    expect(refusal(() => r.validateDecision(self, Date.now()))).to.deep.equal({
      type: 'NOT_AN_APPROVER',
      message: 'A requester cannot decide their own request',
    });
    expect(() => r.decide(self, t0 + 20)).to.throw('A requester cannot decide their own request');
    expect(r.state).to.equal('pending_approval');
    expect(r.decision).to.equal(undefined);
  });

  it('makes links single-use and bound to their round', () => {
    const r = newRequest();
    const link = { round: 1, nonce: 'abc' };
    expect(
      failureType(() =>
        r.validateDecision(
          {
            approverId: 'olivia',
            decision: 'approve',
            channel: 'email_link',
            link: { round: 2, nonce: 'x' },
          },
          Date.now(),
        ),
      ),
    ).to.equal('STALE_LINK');
    r.decide({ approverId: 'olivia', decision: 'approve', channel: 'email_link', link }, t0 + 20);
    r.markRequoted(prepared(), t0 + 40);
    expect(r.round).to.equal(2);
    expect(r.state).to.equal('pending_approval');
    expect(r.decision).to.equal(undefined);
    expect(
      failureType(() =>
        r.validateDecision(
          {
            approverId: 'olivia',
            decision: 'approve',
            channel: 'email_link',
            link: { round: 2, nonce: 'abc' },
          },
          Date.now(),
        ),
      ),
    ).to.equal('STALE_LINK');
  });

  it('asks for a fresh payment check only for price increases without a card on file', () => {
    const r = newRequest();
    expect(r.needsPaymentMethodCheck({ approverId: 'olivia', decision: 'approve', channel: 'api' })).to.equal(
      false,
    );
    const noCard = new ChangeRequest(r.input, r.policy, t0);
    noCard.markPrepared(prepared({ paymentMethodOnFile: false }), t0);
    expect(
      noCard.needsPaymentMethodCheck({ approverId: 'olivia', decision: 'approve', channel: 'api' }),
    ).to.equal(true);
    expect(
      noCard.needsPaymentMethodCheck({
        approverId: 'olivia',
        decision: 'reject',
        reason: 'no',
        channel: 'api',
      }),
    ).to.equal(false);
    noCard.paymentMethodAdded();
    expect(
      noCard.needsPaymentMethodCheck({ approverId: 'olivia', decision: 'approve', channel: 'api' }),
    ).to.equal(false);
  });

  it('routes downgrades to support review and lets only support decide there', () => {
    const r = new ChangeRequest(newRequest().input, withDefaults({}), t0);
    r.markPrepared(prepared({ quote: fakeQuote({ route: 'approval_then_support_review' }) }), t0);
    r.decide({ approverId: 'olivia', decision: 'approve', channel: 'api' }, t0 + 1);
    expect(r.state).to.equal('pending_support_review');
    expect(failureType(() => r.validateSupportReview({ reviewer: '', decision: 'approve' }))).to.equal(
      'INVALID_DECISION',
    );
    r.review({ reviewer: 'sam', decision: 'approve' }, t0 + 2);
    expect(r.state).to.equal('applying');
  });

  it('refuses a decision that arrives after its caller stopped waiting', () => {
    const r = newRequest();
    const late = new Date(Date.now() - 1000).toISOString();
    const soon = new Date(Date.now() + 60_000).toISOString();
    expect(
      failureType(() =>
        r.validateDecision(
          {
            approverId: 'olivia',
            decision: 'approve',
            channel: 'email_link',
            respondBy: late,
          },
          Date.now(),
        ),
      ),
    ).to.equal('DECISION_TOO_LATE');
    expect(
      failureType(() =>
        r.validateDecision(
          {
            approverId: 'olivia',
            decision: 'approve',
            channel: 'email_link',
            respondBy: soon,
          },
          Date.now(),
        ),
      ),
    ).to.equal(undefined);
  });

  it('allows exactly the transitions of the life cycle, and refuses every other one', () => {
    // The life cycle docs/workflow.md tells users ("Transitions"), read from that page rather than
    // from the code's table: the state machine's one gate must allow exactly its rows. (That the
    // page and workflows/request-states.ts agree row for row is test/docs/transitions.test.ts.)
    const lifeCycle = Object.fromEntries(
      Object.keys(allowedMoves).map((from) => [from, [] as string[]]),
    ) as Record<RequestState, string[]>;
    for (const { from, to } of documentedMoves()) lifeCycle[from as RequestState]?.push(to);
    const states = Object.keys(lifeCycle) as RequestState[];
    const outcomes: string[] = [];
    for (const from of states) {
      for (const to of states) {
        const r = newRequest();
        r.state = from;
        // `move` is the one gate every transition method goes through.
        const move = () => r['move'](to, t0 + 100, 'test', 'moved', 'system');
        const allowed = lifeCycle[from].includes(to);
        try {
          move();
          outcomes.push(`${from} -> ${to}: ${allowed ? 'ok' : 'ALLOWED, should be refused'}`);
          expect(r.state).to.equal(to);
        } catch (error) {
          expect((error as Error).message).to.equal(`Illegal transition ${from} -> ${to}`);
          outcomes.push(`${from} -> ${to}: ${allowed ? 'REFUSED, should be allowed' : 'ok'}`);
        }
      }
    }
    expect(outcomes.filter((o) => !o.endsWith(': ok'))).to.deep.equal([]);
    expect(outcomes).to.have.length(states.length ** 2);
    // And through a method: a cancelled request cannot expire.
    const r = newRequest();
    r.cancel({ userId: 'adam', channel: 'api' }, t0 + 5);
    expect(() => r.expire(t0 + 6)).to.throw(/Illegal transition cancelled -> expired/);
  });
});
