import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { PlangateClient } from '../../client/plangate-client.js';
import { PlangateError } from '../../client/plangate-error.js';
import type { RequestPolicy } from '../../workflows/request-policy.js';
import { testTemporal } from '../setup/temporal.js';
import { waitForRequestState } from '../setup/wait.js';
import { captureHistories } from '../replay/capture.js';
import { fakeActivities, fakeQuote, type FakeScript } from './fake-activities.js';

/** Runs `body` with a worker on fake activities and a client with second-scale timing. */
async function withWorker(
  script: FakeScript,
  policy: Partial<RequestPolicy>,
  body: (client: PlangateClient, fake: ReturnType<typeof fakeActivities>) => Promise<void>,
): Promise<void> {
  const temporal = await testTemporal();
  const taskQueue = temporal.taskQueue('workflow');
  const fake = fakeActivities(script);
  const worker = await Worker.create({
    connection: temporal.env.nativeConnection,
    namespace: temporal.env.namespace ?? 'default',
    taskQueue,
    workflowBundle: temporal.workflowBundle,
    activities: fake.activities,
  });
  const client = new PlangateClient(temporal.env.client, { taskQueue, policy });
  scenarioAccounts = [];
  await worker.runUntil(body(client, fake));
  // `npm run replay:capture` keeps each scenario's histories for the replay test.
  await captureHistories(temporal.env, scenarioTitle, scenarioAccounts);
}

let accountCounter = 0;
let scenarioAccounts: string[] = [];
let scenarioTitle = '';
const account = () => {
  const id = `acct-${Date.now().toString(36)}-${++accountCounter}`;
  scenarioAccounts.push(id);
  return id;
};
const waitForState = waitForRequestState;

describe('subscriptionChangeRequest workflow (real dev server, fake activities)', function () {
  this.timeout(120_000);
  beforeEach(function () {
    scenarioTitle = this.currentTest?.title ?? 'scenario';
  });
  const slow: Partial<RequestPolicy> = { remindAfterMs: [60_000], expireAfterMs: 120_000 };

  it('submits, is approved, applies once and confirms', () =>
    withWorker({}, slow, async (client, fake) => {
      const accountId = account();
      const accepted = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      expect(accepted.status).to.equal('pending_approval');
      expect(accepted.approvers.map((a) => a.userId)).to.deep.equal(['olivia', 'bill']);
      const decided = await client.decide(accountId, accepted.requestId, {
        approverId: 'olivia',
        decision: 'approve',
        channel: 'api',
      });
      expect(decided.decision?.by).to.equal('olivia');
      const view = await waitForState(client, accountId, accepted.requestId, 'applied');
      expect(view.applied?.invoiceId).to.equal('inv_1');
      expect(fake.applies).to.deep.equal([accepted.requestId]);
      expect(fake.kindsSent()).to.deep.equal([
        'approval_request>approvers',
        'receipt>requester',
        'confirmation>everyone',
      ]);
      expect(view.timeline.map((e) => e.action)).to.include.members([
        'submitted',
        'quoted',
        'approved',
        'applied',
      ]);
    }));

  it('refuses a second request while one is open, naming the open one', () =>
    withWorker({}, slow, async (client) => {
      const accountId = account();
      const first = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const second = await client
        .submitChangeRequest({ accountId, requestedBy: 'adam', changes: { seats: 9 } })
        .catch((e: unknown) => e);
      expect(second).to.be.instanceOf(PlangateError);
      expect((second as PlangateError).status).to.equal(409);
      expect((second as PlangateError).extra.openRequestId).to.equal(first.requestId);
    }));

  it('refuses self-approval, non-approvers and rejects without a reason', () =>
    withWorker({}, slow, async (client) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const self = await client
        .decide(accountId, requestId, { approverId: 'adam', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e);
      expect((self as PlangateError).code).to.equal('NOT_AN_APPROVER');
      const stranger = await client
        .decide(accountId, requestId, { approverId: 'eve', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e);
      expect((stranger as PlangateError).status).to.equal(403);
      const noReason = await client
        .decide(accountId, requestId, { approverId: 'olivia', decision: 'reject', channel: 'api' })
        .catch((e: unknown) => e);
      expect((noReason as PlangateError).code).to.equal('INVALID_DECISION');
      const rejected = await client.decide(accountId, requestId, {
        approverId: 'bill',
        decision: 'reject',
        reason: 'Not this quarter',
        channel: 'api',
      });
      expect(rejected.state).to.equal('rejected');
      expect(rejected.decision?.reason).to.equal('Not this quarter');
      const late = await client
        .decide(accountId, requestId, { approverId: 'olivia', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e);
      expect((late as PlangateError).status).to.equal(409);
    }));

  it('reminds and then expires with second-scale timing, telling everyone', () =>
    withWorker({}, { remindAfterMs: [500, 1000], expireAfterMs: 2000 }, async (client, fake) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const view = await waitForState(client, accountId, requestId, 'expired');
      expect(fake.kindsSent()).to.deep.equal([
        'approval_request>approvers',
        'receipt>requester',
        'reminder>approvers',
        'reminder>approvers',
        'expired>everyone',
      ]);
      expect(view.timeline.filter((e) => e.action.startsWith('reminder'))).to.have.length(2);
    }));

  it('lets the requester cancel, and nobody else', () =>
    withWorker({}, slow, async (client, fake) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const other = await client
        .cancel(accountId, requestId, { userId: 'olivia', channel: 'api' })
        .catch((e: unknown) => e);
      expect((other as PlangateError).status).to.equal(403);
      const cancelled = await client.cancel(accountId, requestId, {
        userId: 'adam',
        reason: 'changed my mind',
        channel: 'api',
      });
      expect(cancelled.state).to.equal('cancelled');
      await waitForState(client, accountId, requestId, 'cancelled');
      expect(fake.applies).to.have.length(0);
    }));

  it('routes a downgrade through support review after the owner approves', () =>
    withWorker(
      {
        quote: fakeQuote({
          kinds: ['downgrade'],
          route: 'approval_then_support_review',
          paymentMethodRequired: false,
        }),
      },
      slow,
      async (client, fake) => {
        const accountId = account();
        const { requestId } = await client.submitChangeRequest({
          accountId,
          requestedBy: 'adam',
          changes: { plan: 'starter' },
        });
        const approved = await client.decide(accountId, requestId, {
          approverId: 'olivia',
          decision: 'approve',
          channel: 'api',
        });
        expect(approved.state).to.equal('pending_support_review');
        expect(fake.applies).to.have.length(0);
        await client.review(accountId, requestId, { reviewer: 'sam', decision: 'approve' });
        const view = await waitForState(client, accountId, requestId, 'applied');
        expect(view.supportReview?.by).to.equal('support:sam');
      },
    ));

  it('refuses approving a price increase without a payment method, then accepts once one is added', () =>
    withWorker({ paymentMethodOnFile: false, paymentMethodNow: false }, slow, async (client) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const refused = await client
        .decide(accountId, requestId, { approverId: 'olivia', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e);
      expect((refused as PlangateError).code).to.equal('PAYMENT_METHOD_REQUIRED');
      expect((await client.getStatus(accountId, requestId)).state).to.equal('pending_approval');
    }));

  it('re-quotes when the subscription moved on, and old-round links stop working', () =>
    withWorker({ applyConflicts: 1 }, slow, async (client, fake) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await client.decide(accountId, requestId, {
        approverId: 'olivia',
        decision: 'approve',
        channel: 'email_link',
        link: { round: 1, nonce: 'n1' },
      });
      const requoted = await waitForState(client, accountId, requestId, 'pending_approval');
      expect(requoted.round).to.equal(2);
      expect(fake.kindsSent()).to.include('requote>approvers');
      const stale = await client
        .decide(accountId, requestId, {
          approverId: 'bill',
          decision: 'approve',
          channel: 'email_link',
          link: { round: 1, nonce: 'n2' },
        })
        .catch((e: unknown) => e);
      expect((stale as PlangateError).code).to.equal('STALE_LINK');
      await client.decide(accountId, requestId, {
        approverId: 'bill',
        decision: 'approve',
        channel: 'email_link',
        link: { round: 2, nonce: 'n3' },
      });
      await waitForState(client, accountId, requestId, 'applied');
      expect(fake.applies).to.have.length(1);
    }));

  it('retries a failing apply and applies exactly once', () =>
    withWorker({ applyFailures: 2 }, slow, async (client, fake) => {
      const accountId = account();
      const { requestId } = await client.submitChangeRequest({
        accountId,
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await client.decide(accountId, requestId, { approverId: 'bill', decision: 'approve', channel: 'api' });
      await waitForState(client, accountId, requestId, 'applied');
      expect(fake.applies).to.deep.equal([requestId]);
    }));

  it('returns a refused submission as a typed error and leaves the account free', () =>
    withWorker(
      {
        prepareError: ApplicationFailure.create({
          type: 'FORBIDDEN_ROLE',
          message: 'agents cannot ask',
          nonRetryable: true,
        }),
      },
      slow,
      async (client) => {
        const accountId = account();
        const refused = await client
          .submitChangeRequest({ accountId, requestedBy: 'agent7', changes: { seats: 8 } })
          .catch((e: unknown) => e);
        expect((refused as PlangateError).status).to.equal(403);
        expect((refused as PlangateError).message).to.equal('agents cannot ask');
        expect(await client.listRequests({ accountId })).to.have.length(0);
      },
    ));
});
