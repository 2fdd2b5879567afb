// Approval policies and delegation on real parts: the dev server, the worker with the real
// activities (the prepare step resolves the account's policy from the store), PGlite and the SMTP
// sink. Links come from the real emails.
import { expect } from 'chai';
import type { KyselyBillingStore } from '../../activities/store/index.js';
import { verifyLinkToken } from '../../activities/mailer/index.js';
import { prepareRequestActivity } from '../../activities/prepare-request.js';
import type { PlangateError } from '../../client/plangate-error.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { waitForRequestState } from '../setup/wait.js';
import { mailsOf, recipients } from '../setup/mails.js';
import { refusal } from '../setup/refusal.js';

/** The approval link in the newest matching mail to `to`, with its claims. */
function linkIn(stack: TestStack, requestId: string, to: string) {
  const mail = mailsOf(stack, requestId, 'approval_request')
    .filter((m) => m.to.includes(to))
    .at(-1);
  const url = /https?:\/\/\S+\/approve\/([A-Za-z0-9_.-]+)/.exec(mail?.text ?? '');
  if (!url) throw new Error(`no approval link to ${to}`);
  const claims = verifyLinkToken(url[1]!, stack.deps.links.secret, new Date(), 'approve');
  if (claims?.purpose !== 'approve') throw new Error('not an approval link');
  return claims;
}

const stageOf = (view: RequestStatusView, name: string) => view.approvals?.find((s) => s.stage === name);

/** Another billing admin for acme, so that quorums of 2 of 3 can be tried. */
async function addMember(stack: TestStack, userId: string, role: 'billing_admin' | 'admin'): Promise<void> {
  await (stack.store as KyselyBillingStore).db
    .insertInto('members')
    .values({
      account_id: 'acme',
      user_id: userId,
      name: `${userId[0]!.toUpperCase()}${userId.slice(1)} Extra`,
      email: `${userId}@acme.example`,
      locale: 'en',
      role,
    })
    .execute();
}

const seatsPlus = async (stack: TestStack, n: number) =>
  (await stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + n;

/** Adam asks for `n` more seats on acme. */
const adamAsksForMoreSeats = async (stack: TestStack, n: number) =>
  stack.client.submitChangeRequest({
    accountId: 'acme',
    requestedBy: 'adam',
    changes: { seats: await seatsPlus(stack, n) },
  });

/** `approverId` approves through the API. */
const approval = (approverId: string) => ({
  approverId,
  decision: 'approve' as const,
  channel: 'api' as const,
});

describe('approval policies (real activities, PGlite, SMTP)', function () {
  this.timeout(120_000);
  let stack: TestStack;
  afterEach(async () => stack?.stop());

  it("mode 'all' with two approvers: pending at 1 of 2, applied at 2 of 2", async () => {
    stack = await startTestStack();
    await stack.store.setApprovalPolicy('acme', { mode: 'all' });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    const first = await stack.client.decide('acme', accepted.requestId, approval('olivia'));
    expect(first.state).to.equal('pending_approval');
    expect(stageOf(first, 'approval')).to.deep.include({
      needed: 2,
      approvedBy: ['olivia'],
      pending: ['bill'],
    });
    // A repeated click is not a second vote.
    const again = await stack.client.decide('acme', accepted.requestId, approval('olivia'));
    expect(stageOf(again, 'approval')?.approvedBy).to.deep.equal(['olivia']);
    expect(await stack.store.getAppliedChange(accepted.requestId)).to.equal(null);

    const second = await stack.client.decide('acme', accepted.requestId, approval('bill'));
    expect(['applying', 'applied']).to.include(second.state);
    const applied = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    expect(stageOf(applied, 'approval')?.approvedBy.sort()).to.deep.equal(['bill', 'olivia']);
    expect(stageOf(applied, 'approval')).to.deep.include({ status: 'done', pending: [] });
    expect(applied.timeline.map((e) => `${e.actor}:${e.action}`)).to.include.members([
      'olivia:approval recorded',
      'bill:approved',
    ]);
  });

  it("mode 'all': a rejection by either approver rejects", async () => {
    stack = await startTestStack();
    await stack.store.setApprovalPolicy('acme', { mode: 'all' });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    await stack.client.decide('acme', accepted.requestId, approval('olivia'));
    const rejected = await stack.client.decide('acme', accepted.requestId, {
      approverId: 'bill',
      decision: 'reject',
      reason: 'Not this quarter',
      channel: 'api',
    });
    expect(rejected.state).to.equal('rejected');
    // Nobody is asked any more: the unfinished stage is closed, not waiting for Bill's approval.
    expect(stageOf(rejected, 'approval')).to.deep.include({
      status: 'closed',
      approvedBy: ['olivia'],
      pending: [],
    });
    expect(await stack.store.getAppliedChange(accepted.requestId)).to.equal(null);
  });

  it('quorum 2 of 3: the second approval applies, the third is not needed', async () => {
    stack = await startTestStack();
    await addMember(stack, 'carla', 'billing_admin');
    await stack.store.setApprovalPolicy('acme', { mode: 'quorum', quorum: 2 });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    await stack.sink.waitFor(
      () => mailsOf(stack, accepted.requestId, 'approval_request').length === 3,
      20_000,
    );
    const one = await stack.client.decide('acme', accepted.requestId, approval('carla'));
    expect(stageOf(one, 'approval')).to.deep.include({ mode: 'quorum', needed: 2 });
    expect(stageOf(one, 'approval')?.pending.sort()).to.deep.equal(['bill', 'olivia']);
    const two = await stack.client.decide('acme', accepted.requestId, approval('olivia'));
    expect(['applying', 'applied']).to.include(two.state);
    await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
  });

  it('asks the finance stage above 1,000 EUR only, and only once the first stage is done', async () => {
    stack = await startTestStack();
    await addMember(stack, 'fiona', 'admin');
    await stack.store.setApprovalPolicy('acme', {
      mode: 'any',
      stages: [{ name: 'finance', aboveMinor: { EUR: 100_000 }, approvers: { userIds: ['fiona'] } }],
    });

    // A small change: the owner alone.
    const small = await adamAsksForMoreSeats(stack, 1);
    expect(small.quote.totalMinor).to.be.below(100_000);
    await stack.client.decide('acme', small.requestId, approval('olivia'));
    await waitForRequestState(stack.client, 'acme', small.requestId, 'applied');
    expect(recipients(mailsOf(stack, small.requestId, 'approval_request'))).to.not.include(
      'fiona@acme.example',
    );

    // A large one: the owner, then the finance approver, whose link arrives only then.
    const large = await adamAsksForMoreSeats(stack, 60);
    expect(large.quote.totalMinor).to.be.above(100_000);
    await stack.sink.waitFor(() => mailsOf(stack, large.requestId, 'approval_request').length === 2, 20_000);
    expect(recipients(mailsOf(stack, large.requestId, 'approval_request'))).to.deep.equal([
      'bill@acme.example',
      'olivia@acme.example',
    ]);
    const early = await refusal(stack.client.decide('acme', large.requestId, approval('fiona')));
    expect(early.code).to.equal('NOT_AN_APPROVER');
    const billsLink = linkIn(stack, large.requestId, 'bill@acme.example');

    const firstDone = await stack.client.decide('acme', large.requestId, approval('olivia'));
    expect(firstDone.state).to.equal('pending_approval');
    expect(stageOf(firstDone, 'approval')?.status).to.equal('done');
    expect(stageOf(firstDone, 'finance')).to.deep.include({ status: 'current', pending: ['fiona'] });
    await stack.sink.waitFor(
      () =>
        mailsOf(stack, large.requestId, 'approval_request').some((m) => m.to.includes('fiona@acme.example')),
      20_000,
    );
    const fionasLink = linkIn(stack, large.requestId, 'fiona@acme.example');
    expect(fionasLink.stage).to.equal(1);
    // Bill's first-stage link no longer decides anything.
    const stale = await refusal(
      stack.client.decide('acme', large.requestId, {
        approverId: 'bill',
        decision: 'approve',
        channel: 'email_link',
        link: { round: billsLink.round, nonce: billsLink.nonce, stage: billsLink.stage },
      }),
    );
    expect(stale.code).to.equal('NOT_AN_APPROVER');

    await stack.client.decide('acme', large.requestId, {
      approverId: 'fiona',
      decision: 'approve',
      channel: 'email_link',
      link: { round: fionasLink.round, nonce: fionasLink.nonce, stage: fionasLink.stage },
    });
    const applied = await waitForRequestState(stack.client, 'acme', large.requestId, 'applied');
    expect(applied.approvals?.map((s) => `${s.stage}:${s.status}:${s.pending.length}`)).to.deep.equal([
      'approval:done:0',
      'finance:done:0',
    ]);
  });

  it("resolves a re-quote's plan from the policy the request was submitted under, not today's", async () => {
    stack = await startTestStack();
    await stack.store.setApprovalPolicy('acme', { mode: 'any' });
    const prepare = prepareRequestActivity(stack.deps);
    const input = {
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: await seatsPlus(stack, 1) },
      at: new Date().toISOString(),
      quotePolicy: {},
    };
    const submitted = await prepare(input);
    expect(submitted.policy).to.deep.equal({ mode: 'any' });
    await stack.store.setApprovalPolicy('acme', { mode: 'all' });
    const requoted = await prepare({ ...input, approvalPolicy: submitted.policy! });
    expect(requoted.plan?.stages[0]).to.include({ mode: 'any', needed: 1 });
    // A new submission gets the policy in force now.
    expect((await prepare(input)).plan?.stages[0]).to.include({ mode: 'all', needed: 2 });
  });

  it('tells a watcher of every step: submitted, each approval, and the decision with its apply', async () => {
    stack = await startTestStack();
    await addMember(stack, 'wanda', 'admin');
    await stack.store.setApprovalPolicy('acme', { mode: 'all', watchers: ['wanda'] });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    for (const approverId of ['olivia', 'bill'])
      await stack.client.decide('acme', accepted.requestId, {
        approverId,
        decision: 'approve',
        channel: 'api',
      });
    await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    const toWanda = () =>
      mailsOf(stack, accepted.requestId, 'watch').filter((m) => m.to.includes('wanda@acme.example'));
    // One mail per step: submitted, Olivia's approval, and the apply, which tells whose decision it was.
    await stack.sink.waitFor(() => toWanda().length >= 3, 20_000);
    const steps = toWanda().map((m) => /latest step\.\n\n(.*)\n/.exec(m.text)?.[1]);
    expect(steps).to.deep.equal([
      'Priced, approval requested (Plangate). It is now: Waiting for approval.',
      'approval recorded (Olivia Owner). It is now: Waiting for approval.',
      'Applied (Plangate). It is now: Applied.',
    ]);
    expect(toWanda()[2]!.text).to.include('Approved by Bill Billing.');
  });

  it('counts concurrent clicks of both approvers in mode all once each, and applies once', async () => {
    stack = await startTestStack();
    await stack.store.setApprovalPolicy('acme', { mode: 'all' });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    const clicks = await Promise.allSettled(
      ['olivia', 'bill', 'olivia', 'bill'].map((approverId) =>
        stack.client.decide('acme', accepted.requestId, { approverId, decision: 'approve', channel: 'api' }),
      ),
    );
    // A click that came after the request moved on is refused as "not open"; none fails otherwise.
    for (const click of clicks) {
      if (click.status === 'rejected')
        expect((click.reason as PlangateError).code).to.equal('REQUEST_NOT_OPEN');
    }
    const applied = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    expect(stageOf(applied, 'approval')?.approvedBy.sort()).to.deep.equal(['bill', 'olivia']);
    const invoices = (await stack.store.listInvoices('acme')).filter(
      (i) => i.requestId === accepted.requestId,
    );
    expect(invoices).to.have.length(1);
  });
});

describe('delegation (real activities, PGlite, SMTP)', function () {
  this.timeout(120_000);
  let stack: TestStack;
  afterEach(async () => stack?.stop());

  it("sends an approver's links to the delegate in the window, records on-behalf decisions, and back after", async () => {
    stack = await startTestStack();
    const now = Date.now();
    await stack.store.setDelegation({
      accountId: 'acme',
      userId: 'olivia',
      delegateTo: 'bill',
      from: new Date(now - 60_000).toISOString(),
      until: new Date(now + 3_600_000).toISOString(),
    });
    const accepted = await adamAsksForMoreSeats(stack, 1);
    await stack.sink.waitFor(
      () => mailsOf(stack, accepted.requestId, 'approval_request').length === 2,
      20_000,
    );
    // Olivia's link went to Bill (who also gets his own).
    expect(recipients(mailsOf(stack, accepted.requestId, 'approval_request'))).to.deep.equal([
      'bill@acme.example',
      'bill@acme.example',
    ]);
    const onBehalf = mailsOf(stack, accepted.requestId, 'approval_request').find((m) =>
      m.text.includes('on behalf of Olivia'),
    );
    expect(onBehalf, 'a mail to Bill on behalf of Olivia').to.not.equal(undefined);
    const link = mailsOf(stack, accepted.requestId, 'approval_request')
      .map((m) => /\/approve\/([A-Za-z0-9_.-]+)/.exec(m.text)?.[1])
      .map((token) => (token ? verifyLinkToken(token, stack.deps.links.secret, new Date(), 'approve') : null))
      .find((c) => c?.purpose === 'approve' && c.onBehalfOf === 'olivia');
    if (link?.purpose !== 'approve') throw new Error('no link on behalf of Olivia');
    expect(link.subject).to.equal('bill');
    const decided = await stack.client.decide('acme', accepted.requestId, {
      approverId: 'bill',
      onBehalfOf: 'olivia',
      decision: 'approve',
      channel: 'email_link',
      link: { round: link.round, nonce: link.nonce, stage: link.stage },
    });
    expect(decided.decision).to.include({ by: 'bill', onBehalfOf: 'olivia' });
    const applied = await waitForRequestState(stack.client, 'acme', accepted.requestId, 'applied');
    expect(applied.timeline.find((e) => e.action === 'approved')).to.include({
      actor: 'bill',
      detail: 'on behalf of olivia',
    });

    // After the delegation ends, Olivia's links are hers again.
    await stack.store.endDelegation('acme', 'olivia');
    const next = await adamAsksForMoreSeats(stack, 1);
    await stack.sink.waitFor(() => mailsOf(stack, next.requestId, 'approval_request').length === 2, 20_000);
    expect(recipients(mailsOf(stack, next.requestId, 'approval_request'))).to.deep.equal([
      'bill@acme.example',
      'olivia@acme.example',
    ]);
  });
});
