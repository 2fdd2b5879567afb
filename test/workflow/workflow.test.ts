import { expect } from 'chai';
import { Worker } from '@temporalio/worker';
import { ApplicationFailure } from '@temporalio/common';
import { PlangateClient } from '../../client/plangate-client.js';
import { workflowIdFor } from '../../client/request-ids.js';
import { PlangateError } from '../../client/plangate-error.js';
import type { RequestPolicy } from '../../workflows/request-policy.js';
import { testTemporal } from '../setup/temporal.js';
import { waitForRequestState, waitUntil } from '../setup/wait.js';
import { captureHistories, reportCapturedPaths } from '../replay/capture.js';
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
  // `npm run replay:capture` ends by saying which workflow paths the new histories cover.
  after(() => reportCapturedPaths());
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
      const decided = await client.decide(accountId, accepted.requestId, approval('olivia'));
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
    // The data lists the requester as an approver too (say their role changed to billing admin
    // after they asked): only the self-approval rule keeps them from approving their own request.
    withWorker(
      {
        approvers: [
          { userId: 'olivia', name: 'Olivia Owner', role: 'owner' },
          { userId: 'bill', name: 'Bill Billing', role: 'billing_admin' },
          { userId: 'adam', name: 'Adam Admin', role: 'billing_admin' },
        ],
      },
      slow,
      async (client) => {
        const accountId = account();
        const { requestId, approvers } = await client.submitChangeRequest({
          accountId,
          requestedBy: 'adam',
          changes: { seats: 8 },
        });
        expect(approvers.map((a) => a.userId)).to.include('adam');
        const self = await client
          .decide(accountId, requestId, { approverId: 'adam', decision: 'approve', channel: 'api' })
          .catch((e: unknown) => e);
        expect(self).to.be.instanceOf(PlangateError);
        expect((self as PlangateError).code).to.equal('NOT_AN_APPROVER');
        expect((self as PlangateError).message).to.equal('A requester cannot decide their own request');
        const stranger = await client
          .decide(accountId, requestId, { approverId: 'eve', decision: 'approve', channel: 'api' })
          .catch((e: unknown) => e);
        expect((stranger as PlangateError).status).to.equal(403);
        expect((stranger as PlangateError).message).to.equal('eve is not an approver of this request');
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
      },
    ));

  it('reminds and then expires with second-scale timing, telling everyone', () =>
    withWorker({}, { remindAfterMs: [500, 1000], expireAfterMs: 2000 }, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
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
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
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
        const { accountId, requestId } = await openRequest(client, { plan: 'starter' });
        const approved = await client.decide(accountId, requestId, approval('olivia'));
        expect(approved.state).to.equal('pending_support_review');
        expect(fake.applies).to.have.length(0);
        await client.review(accountId, requestId, { reviewer: 'sam', decision: 'approve' });
        const view = await waitForState(client, accountId, requestId, 'applied');
        expect(view.supportReview?.by).to.equal('support:sam');
      },
    ));

  it('refuses approving a price increase without a payment method, then accepts once one is added', () =>
    withWorker({ paymentMethodOnFile: false }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      const refused = await client
        .decide(accountId, requestId, { approverId: 'olivia', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e);
      expect((refused as PlangateError).code).to.equal('PAYMENT_METHOD_REQUIRED');
      expect((await client.getStatus(accountId, requestId)).state).to.equal('pending_approval');

      // The owner adds a card; the next click checks the store again and goes through.
      fake.addPaymentMethod();
      const approved = await client.decide(accountId, requestId, approval('olivia'));
      expect(approved.decision).to.include({ by: 'olivia', decision: 'approve' });
      expect(fake.paymentChecks).to.equal(2);
      await waitForState(client, accountId, requestId, 'applied');
      expect(fake.applies).to.deep.equal([requestId]);
    }));

  it('re-quotes when the subscription moved on, and old-round links stop working', () =>
    withWorker({ applyConflicts: 1 }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
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
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      await client.decide(accountId, requestId, approval('bill'));
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
        prepareErrorOnCalls: [1],
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
        // Free: the next submission for the account opens a request instead of a 409.
        const next = await client.submitChangeRequest({
          accountId,
          requestedBy: 'adam',
          changes: { seats: 8 },
        });
        expect(next.status).to.equal('pending_approval');
        await client.cancel(accountId, next.requestId, { userId: 'adam', channel: 'api' });
        await waitForState(client, accountId, next.requestId, 'cancelled');
      },
    ));

  it('routes a downgrade to support review, where support may reject it', () =>
    withWorker({ quote: downgradeQuote }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { plan: 'starter' });
      await client.decide(accountId, requestId, approval('olivia'));
      const rejected = await client.review(accountId, requestId, {
        reviewer: 'sam',
        decision: 'reject',
        reason: 'usage is above the starter limits',
      });
      expect(rejected.state).to.equal('rejected');
      expect(rejected.supportReview).to.include({ by: 'support:sam', decision: 'reject' });
      await expectClosedWithoutApply(client, accountId, fake, [
        'approval_request>approvers',
        'receipt>requester',
        'support_review>requester',
        'rejected>requester',
      ]);
    }));

  it('expires a downgrade that support does not review in time, telling everyone', () =>
    withWorker({ quote: downgradeQuote }, { ...slow, supportReviewTimeoutMs: 1000 }, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { plan: 'starter' });
      await client.decide(accountId, requestId, approval('olivia'));
      const view = await waitForState(client, accountId, requestId, 'expired');
      expect(view.supportReview).to.equal(undefined);
      expect(view.timeline.map((e) => `${e.action}:${e.state}`)).to.include.members([
        'approved:pending_support_review',
        'expired:expired',
      ]);
      await expectClosedWithoutApply(client, accountId, fake, [
        'approval_request>approvers',
        'receipt>requester',
        'support_review>requester',
        'expired>everyone',
      ]);
    }));

  it('ends as failed and tells support when the apply keeps failing', () =>
    withWorker({ applyFailures: 1_000 }, { ...slow, applyMaxAttempts: 2 }, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      await client.decide(accountId, requestId, approval('bill'));
      const view = await waitForState(client, accountId, requestId, 'failed');
      expect(view.error).to.deep.equal({ type: 'APPLY_FAILED', message: 'database briefly unavailable' });
      await expectClosedWithoutApply(client, accountId, fake, [
        'approval_request>approvers',
        'receipt>requester',
        'apply_failed>support',
      ]);
    }));

  it('ends as failed when the re-quote after a version conflict is refused', () =>
    withWorker(
      {
        applyConflicts: 1,
        prepareError: ApplicationFailure.create({
          type: 'INVALID_CHANGE',
          message: 'The plan team is no longer offered',
          nonRetryable: true,
        }),
        prepareErrorOnCalls: [2],
      },
      slow,
      async (client, fake) => {
        const { accountId, requestId } = await openRequest(client, { seats: 8 });
        await client.decide(accountId, requestId, approval('bill'));
        const view = await waitForState(client, accountId, requestId, 'failed');
        expect(view.error?.message).to.equal('The plan team is no longer offered');
        expect(view.round).to.equal(1);
        await waitForClosed(client, accountId);
        expect(fake.prepares).to.equal(2);
        expect(fake.applies).to.have.length(0);
        expect(fake.kindsSent()).to.not.include('requote>approvers');
      },
    ));

  it('resends the approval emails while pending, and refuses once the request is closed', () =>
    withWorker({}, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      const resent = await client.resendEmails(accountId, requestId, { by: 'support:sam', channel: 'cli' });
      expect(resent.timeline.map((e) => `${e.actor}:${e.action}`)).to.include('support:sam:emails resent');
      const approvalBatches = fake.emails.filter((e) => e.emails.some((m) => m.kind === 'approval_request'));
      expect(approvalBatches.map((e) => e.sequence)).to.deep.equal([undefined, 1]);

      await client.cancel(accountId, requestId, { userId: 'adam', channel: 'api' });
      const late = await client
        .resendEmails(accountId, requestId, { by: 'support:sam', channel: 'cli' })
        .catch((e: unknown) => e);
      expect((late as PlangateError).code).to.equal('REQUEST_NOT_OPEN');
      await waitForClosed(client, accountId);
    }));

  it('keeps the emails a relay refuses, sends them in the background, and ends only once they went out', () =>
    withWorker({ emailOutage: true }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      // The outage holds up neither the decision nor the apply.
      await client.decide(accountId, requestId, approval('bill'));
      await waitForState(client, accountId, requestId, 'applied');
      expect(fake.applies).to.deep.equal([requestId]);
      expect(fake.emails).to.have.length(0);

      // Both batches (the asks and the confirmation) are with durable retries, each has failed at
      // least once there, and the run, although applied, is still open: it waits for them.
      const handle = client.temporal.workflow.getHandle(workflowIdFor(accountId));
      const retrying = await waitUntil(
        async () => {
          const { raw, status } = await handle.describe();
          const mail = (raw.pendingActivities ?? []).filter((a) => a.activityType?.name === 'announce');
          return mail.length === 2 && mail.every((a) => (a.attempt ?? 0) >= 2) ? { status } : undefined;
        },
        { timeoutMs: 30_000, what: 'both email batches retrying durably' },
      );
      expect(retrying.status.name).to.equal('RUNNING');

      fake.endEmailOutage();
      const outcome = (await handle.result()) as { state: string };
      expect(outcome.state).to.equal('applied');
      expect(fake.kindsSent().sort()).to.deep.equal([
        'approval_request>approvers',
        'confirmation>everyone',
        'receipt>requester',
      ]);
    }));

  it('applies a scheduled change at its date and not before, telling everyone when it is scheduled', () => {
    const scheduledChangeAt = new Date(Date.now() + 4000).toISOString();
    const quote = fakeQuote({
      kinds: ['downgrade'],
      lines: [],
      totalMinor: 0,
      scheduledChangeAt,
      scheduledPeriodEnd: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    return withWorker({ quote }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { plan: 'starter' });
      const decided = await client.decide(accountId, requestId, approval('olivia'));
      expect(decided.state).to.equal('scheduled');
      expect(decided.scheduledChangeAt).to.equal(scheduledChangeAt);
      expect(fake.applies).to.deep.equal([]);
      const applied = await waitForState(client, accountId, requestId, 'applied', 30_000);
      expect(Date.parse(applied.applied!.appliedAt)).to.be.at.least(Date.parse(scheduledChangeAt));
      expect(fake.applies).to.deep.equal([requestId]);
      expect(fake.kindsSent()).to.include('scheduled>everyone');
      expect(fake.events.map((e) => `${e.data.sequence}:${e.type}`)).to.deep.equal([
        '1:change_request.submitted',
        '2:change_request.approved',
        '3:change_request.scheduled',
        '4:change_request.applied',
      ]);
    });
  });

  it('cancels a scheduled change before its date, and it never applies', () => {
    const quote = fakeQuote({
      kinds: ['downgrade'],
      lines: [],
      totalMinor: 0,
      scheduledChangeAt: new Date(Date.now() + 60_000).toISOString(),
      scheduledPeriodEnd: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    return withWorker({ quote }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { plan: 'starter' });
      await client.decide(accountId, requestId, approval('olivia'));
      const cancelled = await client.cancel(accountId, requestId, { userId: 'bill', channel: 'api' });
      expect(cancelled.state).to.equal('cancelled');
      await waitForState(client, accountId, requestId, 'cancelled');
      expect(fake.applies).to.deep.equal([]);
      expect(fake.events.map((e) => e.type).at(-1)).to.equal('change_request.cancelled');
    });
  });

  it("applies an owner's direct change without asking anyone, recorded as decided by their role", () =>
    withWorker(
      {
        requester: { userId: 'olivia', name: 'Olivia Owner', role: 'owner' },
        approvers: [],
        quote: fakeQuote({ route: 'direct' }),
      },
      slow,
      async (client, fake) => {
        const accountId = account();
        const accepted = await client.submitChangeRequest({
          accountId,
          requestedBy: 'olivia',
          changes: { seats: 8 },
        });
        expect(accepted.status).to.equal('applying');
        expect(accepted.approvers).to.deep.equal([]);
        const applied = await waitForState(client, accountId, accepted.requestId, 'applied');
        expect(applied.decision).to.include({ by: 'olivia', byRole: 'owner' });
        expect(fake.kindsSent()).to.deep.equal(['confirmation>everyone']);
        expect(fake.events.map((e) => e.type)).to.deep.equal([
          'change_request.submitted',
          'change_request.approved',
          'change_request.applied',
        ]);
      },
    ));

  it('re-quotes under the approval policy the request was submitted with', () =>
    withWorker({ applyConflicts: 1, policy: { mode: 'all' } }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      await client.decide(accountId, requestId, approval('olivia'));
      await waitForState(client, accountId, requestId, 'pending_approval', 30_000, 2);
      expect(fake.prepareInputs).to.have.length(2);
      expect(fake.prepareInputs[0]).to.not.have.property('approvalPolicy');
      expect(fake.prepareInputs[1]!.approvalPolicy).to.deep.equal({ mode: 'all' });
    }));

  it("re-decides an owner's direct change by role after a version conflict, asking nobody", () =>
    withWorker(
      {
        requester: { userId: 'olivia', name: 'Olivia Owner', role: 'owner' },
        approvers: [],
        quote: fakeQuote({ route: 'direct' }),
        applyConflicts: 1,
      },
      slow,
      async (client, fake) => {
        const accountId = account();
        const { requestId } = await client.submitChangeRequest({
          accountId,
          requestedBy: 'olivia',
          changes: { seats: 8 },
        });
        const applied = await waitForState(client, accountId, requestId, 'applied');
        expect(applied.round).to.equal(2);
        expect(fake.prepares).to.equal(2);
        expect(fake.applies).to.deep.equal([requestId]);
        expect(applied.decision).to.include({ by: 'olivia', byRole: 'owner' });
        expect(fake.kindsSent()).to.deep.equal(['confirmation>everyone']);
        expect(fake.events.map((e) => e.type)).to.deep.equal([
          'change_request.submitted',
          'change_request.approved',
          'change_request.requoted',
          'change_request.approved',
          'change_request.applied',
        ]);
      },
    ));

  it("counts every approval under an 'all' policy, and applies at the last one", () => {
    const approvers = [
      { userId: 'olivia', name: 'Olivia Owner', role: 'owner' as const },
      { userId: 'bill', name: 'Bill Billing', role: 'billing_admin' as const },
    ];
    const plan = {
      stages: [{ name: 'approval', mode: 'all' as const, needed: 2, approvers }],
      watchers: [{ userId: 'agnes', name: 'Agnes Agent', role: 'agent' as const }],
    };
    return withWorker({ plan, approvers }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      const first = await client.decide(accountId, requestId, approval('olivia'));
      expect(first.state).to.equal('pending_approval');
      expect(first.approvals?.[0]).to.deep.include({ needed: 2, approvedBy: ['olivia'], pending: ['bill'] });
      await client.decide(accountId, requestId, approval('bill'));
      await waitForState(client, accountId, requestId, 'applied');
      expect(fake.events.map((e) => e.type)).to.deep.equal([
        'change_request.submitted',
        'change_request.approval_recorded',
        'change_request.approved',
        'change_request.applied',
      ]);
      // Watchers hear of each step: submitted, the approval, and the outcome.
      expect(fake.kindsSent().filter((k) => k === 'watch>watchers')).to.have.length(3);
    });
  });

  it('asks a later stage once the first is done, with links bound to that stage', () => {
    const owners = [{ userId: 'olivia', name: 'Olivia Owner', role: 'owner' as const }];
    const finance = [{ userId: 'fiona', name: 'Fiona Finance', role: 'admin' as const }];
    const plan = {
      stages: [
        { name: 'approval', mode: 'any' as const, needed: 1, approvers: owners },
        { name: 'finance', mode: 'any' as const, needed: 1, approvers: finance },
      ],
      watchers: [],
    };
    return withWorker({ plan, approvers: [...owners, ...finance] }, slow, async (client, fake) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      const early = await client
        .decide(accountId, requestId, { approverId: 'fiona', decision: 'approve', channel: 'api' })
        .catch((e: unknown) => e as PlangateError);
      expect((early as PlangateError).code).to.equal('NOT_AN_APPROVER');
      await client.decide(accountId, requestId, approval('olivia'));
      const staleStage = await client
        .decide(accountId, requestId, {
          approverId: 'fiona',
          decision: 'approve',
          channel: 'email_link',
          link: { round: 1, nonce: 'stage-0-link', stage: 0 },
        })
        .catch((e: unknown) => e as PlangateError);
      expect((staleStage as PlangateError).code).to.equal('STALE_LINK');
      await client.decide(accountId, requestId, {
        approverId: 'fiona',
        decision: 'approve',
        channel: 'email_link',
        link: { round: 1, nonce: 'stage-1-link', stage: 1 },
      });
      const applied = await waitForState(client, accountId, requestId, 'applied');
      expect(applied.approvals?.map((s) => s.approvedBy)).to.deep.equal([['olivia'], ['fiona']]);
      expect(fake.kindsSent().filter((k) => k === 'approval_request>approvers')).to.have.length(2);
    });
  });

  it("records a delegate's decision on behalf of the approver", () =>
    withWorker({}, slow, async (client) => {
      const { accountId, requestId } = await openRequest(client, { seats: 8 });
      const forTheRequester = await client
        .decide(accountId, requestId, {
          approverId: 'bill',
          onBehalfOf: 'adam',
          decision: 'approve',
          channel: 'api',
        })
        .catch((e: unknown) => e as PlangateError);
      expect((forTheRequester as PlangateError).message).to.equal(
        'A requester cannot decide their own request',
      );
      const decided = await client.decide(accountId, requestId, {
        approverId: 'bill',
        onBehalfOf: 'olivia',
        decision: 'approve',
        channel: 'api',
      });
      expect(decided.decision).to.include({ by: 'bill', onBehalfOf: 'olivia' });
      const applied = await waitForState(client, accountId, requestId, 'applied');
      expect(applied.timeline.find((e) => e.action === 'approved')).to.include({
        actor: 'bill',
        detail: 'on behalf of olivia',
      });
    }));
});

const downgradeQuote = fakeQuote({
  kinds: ['downgrade'],
  route: 'approval_then_support_review',
  paymentMethodRequired: false,
});

/** Opens a request by adam on a fresh account of the running scenario. */
async function openRequest(client: PlangateClient, changes: Record<string, unknown>) {
  const accountId = account();
  const { requestId } = await client.submitChangeRequest({ accountId, requestedBy: 'adam', changes });
  return { accountId, requestId };
}

const approval = (approverId: string, channel: 'api' | 'email_link' = 'api') => ({
  approverId,
  decision: 'approve' as const,
  channel,
});

/** Waits for the run to close, then checks that nothing was applied and which emails went out, in order. */
async function expectClosedWithoutApply(
  client: PlangateClient,
  accountId: string,
  fake: ReturnType<typeof fakeActivities>,
  kindsSent: string[],
): Promise<void> {
  await waitForClosed(client, accountId);
  expect(fake.applies).to.have.length(0);
  expect(fake.kindsSent()).to.deep.equal(kindsSent);
}

/** Waits until the account's run has closed, so its history (and any capture of it) is complete. */
async function waitForClosed(client: PlangateClient, accountId: string): Promise<void> {
  await client.temporal.workflow.getHandle(workflowIdFor(accountId)).result();
}
