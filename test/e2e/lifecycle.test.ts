// Every path of a request, end to end on real parts: the dev server, the worker with the real
// activities, PGlite, the SMTP sink (real SMTP on loopback) and the pricing catalog.
import { expect } from 'chai';
import { PlangateError } from '../../client/plangate-error.js';
import type { DevMail } from '../../activities/mailer/index.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { waitForRequestState } from '../setup/wait.js';
import { mailsOf } from '../setup/mails.js';
import { addPaymentMethod } from '../setup/billing-system.js';

async function waitForMails(
  stack: TestStack,
  requestId: string,
  kind: string,
  count: number,
): Promise<DevMail[]> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const found = mailsOf(stack, requestId, kind);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected ${count} ${kind} mails, got ${mailsOf(stack, requestId, kind).length}`);
}

async function failure(promise: Promise<unknown>): Promise<PlangateError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to fail').to.be.instanceOf(PlangateError);
  return error as PlangateError;
}

describe('request life cycle end to end (real activities, PGlite, SMTP)', function () {
  this.timeout(120_000);
  let stack: TestStack;

  afterEach(async () => stack?.stop());

  it('approves, applies with the quoted invoice lines, and confirms to everyone', async () => {
    stack = await startTestStack();
    const accepted = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 8 },
      note: 'Two new hires',
    });
    expect(accepted.status).to.equal('pending_approval');
    expect(accepted.approvers.map((a) => a.userId).sort()).to.deep.equal(['bill', 'olivia']);
    expect(accepted.quote.kinds).to.deep.equal(['seat_increase']);
    expect(accepted.quote.totalMinor).to.be.greaterThan(0);

    const approvalMails = await waitForMails(stack, accepted.requestId, 'approval_request', 2);
    expect(approvalMails.flatMap((m) => m.to).sort()).to.deep.equal([
      'bill@acme.example',
      'olivia@acme.example',
    ]);
    await waitForMails(stack, accepted.requestId, 'receipt', 1);

    await stack.client.decide('acme', accepted.requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'api',
    });
    const view = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    const [invoice] = (await stack.store.listInvoices('acme')).filter(
      (i) => i.requestId === accepted.requestId,
    );
    expect(invoice?.lines).to.deep.equal(accepted.quote.lines);
    expect(invoice?.totalMinor).to.equal(accepted.quote.totalMinor);
    expect(view.applied?.invoiceId).to.equal(invoice?.invoiceId);
    const subscription = (await stack.store.loadAccount('acme'))!.subscriptions[0]!;
    expect(subscription).to.include({ seats: 8, version: 2 });

    const confirmations = await waitForMails(stack, accepted.requestId, 'confirmation', 3);
    expect(confirmations.flatMap((m) => m.to).sort()).to.deep.equal([
      'adam@acme.example',
      'bill@acme.example',
      'olivia@acme.example',
    ]);
    const toAdam = confirmations.find((m) => m.to.includes('adam@acme.example'))!;
    expect(toAdam.headers['in-reply-to']).to.be.a('string');
    expect(toAdam.text).to.match(/Lizenz|seat/i);
  });

  it('rejects with a reason the requester reads; refuses self-approval, strangers and late decisions', async () => {
    stack = await startTestStack();
    const { requestId } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { plan: 'professional' },
    });
    const self = await failure(
      stack.client.decide('acme', requestId, { approverId: 'adam', decision: 'approve', channel: 'api' }),
    );
    expect(self.code).to.equal('NOT_AN_APPROVER');
    // The self-approval rule, not merely "not on the list" (adam is not an approver either).
    expect(self.message).to.equal('A requester cannot decide their own request');
    expect(
      (
        await failure(
          stack.client.decide('acme', requestId, {
            approverId: 'agnes',
            decision: 'approve',
            channel: 'api',
          }),
        )
      ).status,
    ).to.equal(403);
    expect(
      (
        await failure(
          stack.client.decide('acme', requestId, { approverId: 'bill', decision: 'reject', channel: 'api' }),
        )
      ).code,
    ).to.equal('INVALID_DECISION');

    await stack.client.decide('acme', requestId, {
      approverId: 'bill',
      decision: 'reject',
      reason: 'Budget is frozen until Q2',
      channel: 'api',
    });
    const [rejected] = await waitForMails(stack, requestId, 'rejected', 1);
    expect(rejected!.to).to.deep.equal(['adam@acme.example']);
    expect(rejected!.text).to.include('Budget is frozen until Q2');
    await waitForRequestState(stack.client, 'acme', requestId, 'rejected');
    expect(
      (
        await failure(
          stack.client.decide('acme', requestId, {
            approverId: 'olivia',
            decision: 'approve',
            channel: 'api',
          }),
        )
      ).status,
    ).to.equal(409);
    expect(await stack.store.listInvoices('acme')).to.have.length(0);
  });

  it('lets the requester cancel and tells everyone; refuses a second request while one is open', async () => {
    stack = await startTestStack();
    const { requestId } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 6 },
    });
    const second = await failure(
      stack.client.submitChangeRequest({ accountId: 'acme', requestedBy: 'adam', changes: { seats: 7 } }),
    );
    expect(second.status).to.equal(409);
    expect(second.extra.openRequestId).to.equal(requestId);
    expect(
      (await failure(stack.client.cancel('acme', requestId, { userId: 'olivia', channel: 'api' }))).status,
    ).to.equal(403);
    await stack.client.cancel('acme', requestId, { userId: 'adam', reason: 'Wrong number', channel: 'api' });
    const notices = await waitForMails(stack, requestId, 'cancelled', 3);
    expect(notices.flatMap((m) => m.to).sort()).to.deep.equal([
      'adam@acme.example',
      'bill@acme.example',
      'olivia@acme.example',
    ]);
    // The account is free again.
    const next = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 7 },
    });
    expect(next.requestId).to.not.equal(requestId);
  });

  it('reminds the approvers and expires the request with second-scale timing', async () => {
    stack = await startTestStack({ policy: { remindAfterMs: [800, 1600], expireAfterMs: 3000 } });
    const { requestId } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 6 },
    });
    const view = await waitForRequestState(stack.client, 'acme', requestId, 'expired', 20_000);
    expect(view.timeline.filter((e) => e.action.startsWith('reminder'))).to.have.length(2);
    expect(await waitForMails(stack, requestId, 'reminder', 4)).to.have.length(4);
    expect(await waitForMails(stack, requestId, 'expired', 3)).to.have.length(3);
  });

  it('routes a plan downgrade through support review after the owner approves', async () => {
    stack = await startTestStack();
    const { requestId, quote } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      // Starter does not offer the add-on acme holds, so the request drops it.
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    expect(quote.route).to.equal('approval_then_support_review');
    expect(quote.kinds).to.include('downgrade');
    const approved = await stack.client.decide('acme', requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'api',
    });
    expect(approved.state).to.equal('pending_support_review');
    await waitForMails(stack, requestId, 'support_review', 1);
    await stack.client.review('acme', requestId, {
      reviewer: 'sam',
      decision: 'approve',
      reason: 'checked usage',
    });
    await waitForRequestState(stack.client, 'acme', requestId, 'applied');
    expect((await stack.store.loadAccount('acme'))!.subscriptions[0]!.plan).to.equal('starter');
  });

  it('re-quotes when the subscription changed since the quote, with new links; old ones stop working', async () => {
    stack = await startTestStack();
    const first = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 8 },
    });
    // Someone changes the subscription behind the request's back (e.g. in the billing system).
    const moved = await stack.store.applyChange({
      requestId: 'outside-change',
      accountId: 'acme',
      subscriptionId: first.quote.subscriptionId,
      expectedVersion: first.quote.subscriptionVersion,
      next: { ...first.quote.before, seats: 6 },
      invoice: { currency: 'EUR', lines: [], subtotalMinor: 0, taxMinor: 0, totalMinor: 0, notes: [] },
      appliedAt: new Date().toISOString(),
    });
    expect(moved.subscription.version).to.equal(2);

    await stack.client.decide('acme', first.requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'email_link',
      link: { round: 1, nonce: 'a' },
    });
    const requoted = await waitForRequestState(
      stack.client,
      'acme',
      first.requestId,
      'pending_approval',
      30_000,
      2,
    );
    expect(requoted.round).to.equal(2);
    expect(requoted.quote?.before.seats).to.equal(6);
    expect(requoted.quote?.subscriptionVersion).to.equal(2);
    await waitForMails(stack, first.requestId, 'requote', 2);
    const stale = await failure(
      stack.client.decide('acme', first.requestId, {
        approverId: 'bill',
        decision: 'approve',
        channel: 'email_link',
        link: { round: 1, nonce: 'b' },
      }),
    );
    expect(stale.code).to.equal('STALE_LINK');
    await stack.client.decide('acme', first.requestId, {
      approverId: 'bill',
      decision: 'approve',
      channel: 'email_link',
      link: { round: 2, nonce: 'c' },
    });
    await waitForRequestState(stack.client, 'acme', first.requestId, 'applied');
    expect((await stack.store.loadAccount('acme'))!.subscriptions[0]).to.include({ seats: 8, version: 3 });
  });

  it('retries an apply that fails twice and applies exactly once', async () => {
    let failuresLeft = 2;
    stack = await startTestStack({
      wrapDeps: (deps) => ({
        ...deps,
        store: Object.assign(Object.create(deps.store) as typeof deps.store, {
          applyChange: (input: Parameters<typeof deps.store.applyChange>[0]) => {
            if (failuresLeft-- > 0) return Promise.reject(new Error('connection reset by peer'));
            return deps.store.applyChange(input);
          },
        }),
      }),
    });
    const { requestId } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 8 },
    });
    await stack.client.decide('acme', requestId, {
      approverId: 'olivia',
      decision: 'approve',
      channel: 'api',
    });
    await waitForRequestState(stack.client, 'acme', requestId, 'applied', 30_000);
    expect(failuresLeft).to.equal(-1);
    expect((await stack.store.listInvoices('acme')).filter((i) => i.requestId === requestId)).to.have.length(
      1,
    );
    expect(await waitForMails(stack, requestId, 'confirmation', 3)).to.have.length(3);
  });

  it('refuses bad submissions with a clear reason and opens nothing', async () => {
    stack = await startTestStack();
    const started = Date.now();
    const unknownAccount = await failure(
      stack.client.submitChangeRequest({ accountId: 'nobody', requestedBy: 'adam', changes: { seats: 8 } }),
    );
    expect(unknownAccount.status).to.equal(404);
    const agent = await failure(
      stack.client.submitChangeRequest({ accountId: 'acme', requestedBy: 'agnes', changes: { seats: 8 } }),
    );
    expect(agent.status).to.equal(403);
    const stranger = await failure(
      stack.client.submitChangeRequest({ accountId: 'acme', requestedBy: 'mallory', changes: { seats: 8 } }),
    );
    expect(stranger.status).to.equal(403);
    const plan = await failure(
      stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { plan: 'platinum' },
      }),
    );
    expect(plan.status).to.equal(400);
    expect(plan.extra.problems?.map((p) => p.field)).to.include('changes.plan');
    const payment = await failure(
      stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { paymentMethod: 'card' } as never,
      }),
    );
    expect(payment.extra.problems?.[0]?.field).to.equal('changes.paymentMethod');
    // Other suites share this dev server (and account ids): only what this test submitted counts.
    const mine = (await stack.client.listRequests({ accountId: 'acme' })).filter(
      (r) => Date.parse(r.submittedAt) >= started,
    );
    expect(mine).to.have.length(0);
  });

  it('will not approve a price increase without a payment method on file, and will once one is added', async () => {
    stack = await startTestStack();
    const { requestId, quote } = await stack.client.submitChangeRequest({
      accountId: 'globex',
      requestedBy: 'marge',
      changes: { seats: 5 },
    });
    expect(quote.paymentMethodRequired).to.equal(true);
    const refused = await failure(
      stack.client.decide('globex', requestId, { approverId: 'hank', decision: 'approve', channel: 'api' }),
    );
    expect(refused.code).to.equal('PAYMENT_METHOD_REQUIRED');
    expect(refused.message).to.match(/payment method/);
    expect((await stack.client.getStatus('globex', requestId)).state).to.equal('pending_approval');

    // The owner adds a card in the billing system (not through Plangate); the next click finds it.
    await addPaymentMethod(stack.store, 'globex', 'Mastercard •••• 4444');
    const approved = await stack.client.decide('globex', requestId, {
      approverId: 'hank',
      decision: 'approve',
      channel: 'api',
    });
    expect(approved.decision).to.include({ by: 'hank', decision: 'approve' });
    await waitForRequestState(stack.client, 'globex', requestId, 'applied');
    const invoices = (await stack.store.listInvoices('globex')).filter((i) => i.requestId === requestId);
    expect(invoices).to.have.length(1);
    expect(invoices[0]!.totalMinor).to.equal(quote.totalMinor);
  });

  it('lists requests newest first, by account and status', async () => {
    stack = await startTestStack();
    const a = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 6 },
    });
    await stack.client.cancel('acme', a.requestId, { userId: 'adam', channel: 'api' });
    await waitForRequestState(stack.client, 'acme', a.requestId, 'cancelled');
    const b = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 7 },
    });
    // Other suites share this dev server (and account ids): only what this test submitted counts.
    const ours = new Set([a.requestId, b.requestId]);
    const list = async () =>
      (await stack.client.listRequests({ accountId: 'acme' })).filter((r) => ours.has(r.requestId));
    const deadline = Date.now() + 10_000;
    let listed = await list();
    while (Date.now() < deadline && !(listed.length === 2 && listed.some((r) => r.status === 'cancelled'))) {
      await new Promise((r) => setTimeout(r, 200));
      listed = await list();
    }
    expect(listed.map((r) => r.requestId)).to.deep.equal([b.requestId, a.requestId]);
    const cancelled = await stack.client.listRequests({ accountId: 'acme', status: 'cancelled' });
    expect(cancelled.map((r) => r.requestId)).to.include(a.requestId);
    expect(cancelled.map((r) => r.requestId)).to.not.include(b.requestId);
  });
});
