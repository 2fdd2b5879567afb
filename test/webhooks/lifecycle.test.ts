// Webhooks through a request's whole life, on real parts: the dev server, a worker with the real
// activities (they write the events, the apply in its own transaction), PostgreSQL, the SMTP sink,
// the dispatcher every worker runs, and a host app's receiver that verifies every signature.
import { expect } from 'chai';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import type { WebhookConfig } from '../../activities/webhooks/config.js';
import { WebhookEndpoints } from '../../client/webhook-endpoints.js';
import { createTestDatabase, type TestDatabase } from '../setup/postgres.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { spawnKillableWorker } from '../fault/killable-worker.js';
import { waitForRequestState } from '../setup/wait.js';
import { startWebhookReceiver, type WebhookReceiver } from '../setup/webhook-receiver.js';
import { dispatcher, testConfig } from './fixtures.js';

const approve = { approverId: 'bill', decision: 'approve' as const, channel: 'api' as const };

async function register(store: KyselyBillingStore, config: WebhookConfig, receiver: WebhookReceiver) {
  const endpoint = await new WebhookEndpoints(store, config).add({ url: receiver.url });
  receiver.secrets.push(endpoint.secret);
  return endpoint;
}

const typesOf = (receiver: WebhookReceiver, requestId: string) =>
  receiver
    .delivered()
    .filter((e) => e.data.requestId === requestId)
    .map((e) => `${e.data.sequence}:${e.type}`);

describe('webhooks through the life cycle (real stack, PostgreSQL, dispatcher, receiver)', function () {
  this.timeout(180_000);
  let db: TestDatabase;
  let stack: TestStack;
  let receiver: WebhookReceiver;
  const config = testConfig();

  beforeEach(async () => {
    db = await createTestDatabase('plangate_hooks_life');
    stack = await startTestStack({ store: () => openBillingStore({ databaseUrl: db.url }) });
    receiver = await startWebhookReceiver();
  });
  afterEach(async () => {
    await receiver?.close();
    await stack?.stop();
    await db?.drop();
  });

  it("delivers submitted, approved, applied in order, the invoice equal to the store's", async () => {
    const store = stack.store as KyselyBillingStore;
    await register(store, config, receiver);
    const delivering = dispatcher(store, config);
    try {
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await stack.client.decide('acme', requestId, approve);
      await waitForRequestState(stack.client, 'acme', requestId, 'applied');
      await receiver.waitFor('three events', () => typesOf(receiver, requestId).length === 3, 30_000);
      expect(typesOf(receiver, requestId)).to.deep.equal([
        '1:change_request.submitted',
        '2:change_request.approved',
        '3:change_request.applied',
      ]);
      const applied = receiver.delivered().find((e) => e.type === 'change_request.applied')!;
      const stored = (await store.getAppliedChange(requestId))!;
      expect(applied.data.invoice).to.deep.equal(JSON.parse(JSON.stringify(stored.invoice)));
      expect(applied.data.subscription).to.deep.equal(JSON.parse(JSON.stringify(stored.subscription)));
      // Ids, states and amounts only: no names or email addresses anywhere in what was sent.
      const bodies = receiver.received.map((r) => r.body).join('\n');
      expect(bodies).to.not.match(/@acme\.example|Olivia|Bill Billing|Adam Admin/);
    } finally {
      await delivering.stop();
    }
  });

  it('lets a hanging receiver hold up nothing: requests apply at their normal pace', async () => {
    const store = stack.store as KyselyBillingStore;
    await register(store, config, receiver);
    receiver.answer = () => 'hang';
    const delivering = dispatcher(store, { ...config, timeoutMs: 60_000 });
    try {
      for (const seats of [7, 9]) {
        const started = Date.now();
        const { requestId } = await stack.client.submitChangeRequest({
          accountId: 'acme',
          requestedBy: 'adam',
          changes: { seats },
        });
        await stack.client.decide('acme', requestId, approve);
        await waitForRequestState(stack.client, 'acme', requestId, 'applied');
        // Far below the receiver's 60 s: nothing in the request's path waited for it.
        expect(Date.now() - started).to.be.below(30_000);
        await stack.client.temporal.workflow.getHandle(`change-request-acme`).result();
      }
      expect(receiver.requests.length).to.be.at.least(1);
    } finally {
      // Closing the receiver drops the hanging connections, so the dispatcher stops at once.
      await receiver.close();
      await delivering.stop();
    }
  });

  it('still delivers the applied event when the worker is SIGKILLed right after the apply commits', async () => {
    const store = stack.store as KyselyBillingStore;
    await register(store, config, receiver);
    await stack.stopWorker();
    // A worker of its own that stops dead once the apply has committed, before its activity ends.
    const worker = await spawnKillableWorker(stack, db.url, 'after_commit');
    const ready = worker.seen('READY');
    const committed = worker.seen('APPLYING');
    const delivering = dispatcher(store, config);
    try {
      await ready;
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await stack.client.decide('acme', requestId, approve);
      await committed;
      await worker.kill();
      // Nothing runs the workflow now: the event is in the store because the apply committed it.
      await receiver.waitFor(
        'the applied event with no worker running',
        () => typesOf(receiver, requestId).includes('3:change_request.applied'),
        30_000,
      );
      await stack.startWorker();
      await waitForRequestState(stack.client, 'acme', requestId, 'applied', 90_000);
      expect(typesOf(receiver, requestId)).to.deep.equal([
        '1:change_request.submitted',
        '2:change_request.approved',
        '3:change_request.applied',
      ]);
      const invoices = (await store.listInvoices('acme')).filter((i) => i.requestId === requestId);
      expect(invoices).to.have.length(1);
    } finally {
      await worker.kill();
      await delivering.stop();
    }
  });
});
