// Changes for the period end, and changes an owner makes directly, on real parts: the dev server,
// the worker with the real activities, PGlite and the SMTP sink. The subscription's period is moved
// to end seconds from now, so the workflow's timer really fires in the test.
import { expect } from 'chai';
import type { KyselyBillingStore } from '../../activities/store/index.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { waitForRequestState } from '../setup/wait.js';
import { mailsOf } from '../setup/mails.js';
import { refusal } from '../setup/refusal.js';

const scheduledPolicy = {
  quote: {
    downgradeTiming: 'period_end' as const,
    supportReview: { planDowngrade: false, contactLimitDecrease: true },
  },
};

/** The primary subscription's period: started 29 days ago, ends `seconds` from now. */
async function periodEndingIn(stack: TestStack, accountId: string, seconds: number): Promise<string> {
  const end = new Date(Date.now() + seconds * 1000);
  const start = new Date(end.getTime() - 30 * 86_400_000);
  await (stack.store as KyselyBillingStore).db
    .updateTable('subscriptions')
    .set({ period_start: start, period_end: end })
    .where('account_id', '=', accountId)
    .execute();
  return end.toISOString();
}

const primary = async (stack: TestStack, accountId = 'acme') =>
  (await stack.store.loadAccount(accountId))!.subscriptions[0]!;

describe('changes for the period end (real activities, PGlite, SMTP)', function () {
  this.timeout(120_000);
  let stack: TestStack;
  afterEach(async () => stack?.stop());

  it('applies a scheduled downgrade at the period end and not before', async () => {
    stack = await startTestStack({ policy: scheduledPolicy });
    const periodEnd = await periodEndingIn(stack, 'acme', 10);
    const before = await primary(stack);
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    expect(accepted.quote.scheduledChangeAt).to.equal(periodEnd);
    expect(accepted.quote.lines).to.deep.equal([]);
    expect(accepted.quote.totalMinor).to.equal(0);
    // Nothing changes now: the quote keeps the current period (pricing contract, timing period_end).
    expect(accepted.quote.newPeriodStart).to.equal(before.periodStart);
    expect(accepted.quote.newPeriodEnd).to.equal(before.periodEnd);

    const decided = await stack.client.decide('acme', accepted.requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'api',
    });
    expect(decided.state).to.equal('scheduled');
    expect(decided.scheduledChangeAt).to.equal(periodEnd);
    const scheduled = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'scheduled');
    expect(scheduled.open).to.equal(true);
    expect(Date.now()).to.be.below(Date.parse(periodEnd));
    // Until the date the store is exactly as it was.
    expect(await primary(stack)).to.deep.equal(before);
    expect(await stack.store.getAppliedChange(accepted.requestId)).to.equal(null);
    await stack.sink.waitFor(() => mailsOf(stack, accepted.requestId, 'scheduled').length === 3, 20_000);

    const applied = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied', 60_000);
    const result = (await stack.store.getAppliedChange(accepted.requestId))!;
    expect(Date.parse(result.appliedAt)).to.be.at.least(Date.parse(periodEnd));
    expect(result.subscription.plan).to.equal('starter');
    // The new terms run from the period end, for one interval; nothing was prorated.
    expect(result.subscription.periodStart).to.equal(periodEnd);
    expect(result.subscription.periodEnd).to.equal(accepted.quote.scheduledPeriodEnd);
    expect(result.invoice.lines).to.deep.equal([]);
    expect(result.invoice.totalMinor).to.equal(0);
    expect(applied.applied?.invoiceId).to.equal(result.invoice.invoiceId);
    expect(applied.timeline.map((e) => e.action)).to.include.members(['approved', 'scheduled change due']);
    await stack.sink.waitFor(() => mailsOf(stack, accepted.requestId, 'confirmation').length === 3, 20_000);
  });

  it('never applies a scheduled change that is cancelled, and says so to a new submission meanwhile', async () => {
    stack = await startTestStack({ policy: scheduledPolicy });
    const periodEnd = await periodEndingIn(stack, 'acme', 4);
    const before = await primary(stack);
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    await stack.client.decide('acme', accepted.requestId, {
      approverId: 'bill',
      decision: 'approve',
      channel: 'api',
    });
    await waitForRequestState(stack.client, 'acme', accepted.requestId, 'scheduled');

    const second = await refusal(
      stack.client.submitChangeRequest({ accountId: 'acme', requestedBy: 'adam', changes: { seats: 9 } }),
    );
    expect(second.status).to.equal(409);
    expect(second.extra).to.include({ openRequestId: accepted.requestId, scheduledChangeAt: periodEnd });
    expect(second.message).to.match(/scheduled for .*cancel/);

    // Any approver may call a scheduled change off; a stranger may not.
    const stranger = await refusal(
      stack.client.cancel('acme', accepted.requestId, { userId: 'agnes', channel: 'api' }),
    );
    expect(stranger.code).to.equal('NOT_AN_APPROVER');
    const cancelled = await stack.client.cancel('acme', accepted.requestId, {
      userId: 'olivia',
      channel: 'api',
      reason: 'We keep Team after all',
    });
    expect(cancelled.state).to.equal('cancelled');

    // Past the date: still nothing applied, nothing written.
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(Date.parse(periodEnd) - Date.now(), 0) + 2000),
    );
    expect(await primary(stack)).to.deep.equal(before);
    expect(await stack.store.getAppliedChange(accepted.requestId)).to.equal(null);
    expect((await stack.client.getStatus('acme', accepted.requestId)).state).to.equal('cancelled');
  });

  it('re-quotes a scheduled change whose subscription moved on before its date', async () => {
    stack = await startTestStack({ policy: scheduledPolicy });
    await periodEndingIn(stack, 'acme', 4);
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    await stack.client.decide('acme', accepted.requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'api',
    });
    await waitForRequestState(stack.client, 'acme', accepted.requestId, 'scheduled');
    // The vendor's billing system changes the seats behind the request's back.
    const current = await primary(stack);
    await stack.store.applyChange({
      requestId: 'outside-change',
      accountId: 'acme',
      subscriptionId: current.subscriptionId,
      expectedVersion: current.version,
      next: { ...current, seats: 6 },
      invoice: { currency: 'EUR', lines: [], subtotalMinor: 0, taxMinor: 0, totalMinor: 0, notes: [] },
      appliedAt: new Date().toISOString(),
    });

    const requoted = await waitForRequestState(
      stack.client,
      'acme',
      accepted.requestId,
      'pending_approval',
      60_000,
      2,
    );
    expect(requoted.quote?.before.seats).to.equal(6);
    expect(requoted.quote?.after.plan).to.equal('starter');
    expect(await stack.store.getAppliedChange(accepted.requestId)).to.equal(null);
  });
});

describe('direct changes by owners and billing admins (real activities, PGlite, SMTP)', function () {
  this.timeout(120_000);
  let stack: TestStack;
  afterEach(async () => stack?.stop());

  it("applies an owner's upgrade at once, with an invoice equal to its quote", async () => {
    stack = await startTestStack();
    const seats = (await primary(stack)).seats + 3;
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'olivia',
      changes: { seats },
    });
    expect(accepted.approvers).to.deep.equal([]);
    expect(accepted.status).to.equal('applying');
    expect(accepted.quote.route).to.equal('direct');

    const applied = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    const result = (await stack.store.getAppliedChange(accepted.requestId))!;
    expect(result.subscription.seats).to.equal(seats);
    expect(result.invoice.lines).to.deep.equal(accepted.quote.lines);
    expect(result.invoice.totalMinor).to.equal(accepted.quote.totalMinor);
    expect(applied.decision).to.include({ by: 'olivia', decision: 'approve', byRole: 'owner' });
    expect(applied.timeline.map((e) => `${e.actor}:${e.action}`)).to.include('olivia:changed directly');
    // Nobody is asked: no approval emails; the owner gets the confirmation.
    await stack.sink.waitFor(() => mailsOf(stack, accepted.requestId, 'confirmation').length === 1, 20_000);
    expect(mailsOf(stack, accepted.requestId, 'approval_request')).to.deep.equal([]);
  });

  it("sends an owner's plan downgrade to support review", async () => {
    stack = await startTestStack();
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'bill',
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    expect(accepted.status).to.equal('pending_support_review');
    expect(accepted.quote.route).to.equal('direct_then_support_review');
    const reviewed = await stack.client.review('acme', accepted.requestId, {
      reviewer: 'sam',
      decision: 'approve',
    });
    expect(['applying', 'applied']).to.include(reviewed.state);
    await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    expect((await primary(stack)).plan).to.equal('starter');
  });

  it("refuses an owner's price increase without a payment method, and writes nothing", async () => {
    stack = await startTestStack();
    const before = await primary(stack, 'globex');
    const refused = await refusal(
      stack.client.submitChangeRequest({
        accountId: 'globex',
        requestedBy: 'hank',
        changes: { seats: before.seats + 2 },
      }),
    );
    expect(refused.status).to.equal(402);
    expect(refused.code).to.equal('PAYMENT_METHOD_REQUIRED');
    expect(refused.message).to.match(/payment method/);
    expect(await primary(stack, 'globex')).to.deep.equal(before);
    expect(await stack.store.listInvoices('globex')).to.deep.equal([]);
    expect(await stack.store.listRequestRecords({ accountId: 'globex' })).to.deep.equal([]);
    expect(await stack.client.openRequestId('globex')).to.equal(undefined);
  });
});
