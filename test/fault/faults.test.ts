import { expect } from 'chai';
import { openBillingStore } from '../../activities/store/index.js';
import { workflowIdFor } from '../../client/request-ids.js';
import { PlangateError } from '../../client/plangate-error.js';
import { startTestStack } from '../setup/stack.js';
import { createTestDatabase, type TestDatabase } from '../setup/postgres.js';
import { holdsFor, waitForRequestState, waitUntil } from '../setup/wait.js';
import { retryWindow } from './retry-window.js';
import { startTcpProxy } from './tcp-proxy.js';
import { startRestartableStack } from '../setup/restartable-stack.js';
import { spawnKillableWorker } from './killable-worker.js';
import { sentTo } from '../setup/mails.js';

const approve = { approverId: 'bill', decision: 'approve' as const, channel: 'api' as const };

describe('fault tolerance on real components', function () {
  this.timeout(180_000);

  it('loses nothing when the worker is SIGKILLed in the middle of the apply transaction', async () => {
    const db = await createTestDatabase('plangate_fault');
    const stack = await startTestStack({ store: () => openBillingStore({ databaseUrl: db.url }) });
    try {
      await stack.stopWorker();
      const worker = await spawnKillableWorker(stack, db.url);
      const ready = worker.seen('READY');
      const applying = worker.seen('APPLYING');
      await ready;

      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await stack.client.decide('acme', requestId, approve);
      await applying;
      await worker.kill();

      await stack.startWorker();
      const view = await waitForRequestState(stack.client, 'acme', requestId, 'applied', 90_000);
      const invoices = (await stack.store.listInvoices('acme')).filter(
        (invoice: { requestId: string }) => invoice.requestId === requestId,
      );
      expect(invoices).to.have.length(1);
      expect(invoices[0]!.lines).to.deep.equal(view.quote!.lines);
      const subscription = (await stack.store.loadAccount('acme'))!.subscriptions[0]!;
      expect(subscription.seats).to.equal(8);
      await waitUntil(() => sentTo(stack, requestId, 'confirmation').length >= 3, {
        timeoutMs: 20_000,
        what: 'three confirmations',
      });
      // Then watch for a late duplicate: the killed attempt's retry, or one more, would show within
      // the next retry interval of the run's activities.
      const handle = stack.client.temporal.workflow.getHandle(workflowIdFor('acme'));
      await handle.result();
      const window = await retryWindow(handle);
      await holdsFor(() => sentTo(stack, requestId, 'confirmation').length === 3, window.ms, {
        what: `no further confirmation within ${window.ms} ms (${JSON.stringify(window.activities)})`,
      });
      const confirmations = sentTo(stack, requestId, 'confirmation');
      expect(confirmations).to.deep.equal(['adam@acme.example', 'bill@acme.example', 'olivia@acme.example']);
      expect(
        (await stack.store.listInvoices('acme')).filter((invoice) => invoice.requestId === requestId),
      ).to.have.length(1);
    } finally {
      await stack.stop();
      await db.drop();
    }
  });

  it('completes every pending request after the file-backed dev server is stopped and started again', async () => {
    const { client, store, restartServer, stop } = await startRestartableStack('restart');
    try {
      const acme = await client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      const globex = await client.submitChangeRequest({
        accountId: 'globex',
        requestedBy: 'marge',
        changes: { seats: 4 },
      });

      await restartServer();

      await client.decide('acme', acme.requestId, approve);
      await client.cancel('globex', globex.requestId, { userId: 'marge', channel: 'api' });
      await waitForRequestState(client, 'acme', acme.requestId, 'applied', 60_000);
      await waitForRequestState(client, 'globex', globex.requestId, 'cancelled', 60_000);
      expect((await store.listInvoices('acme')).map((i) => i.requestId)).to.deep.equal([acme.requestId]);
    } finally {
      await stop();
    }
  });

  it('keeps every email while the SMTP relay refuses, and delivers them once it is back', async () => {
    const stack = await startTestStack();
    try {
      stack.sink.setFailure({ code: 421, message: 'Service not available, try later' });
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      await stack.client.decide('acme', requestId, approve);
      await waitForRequestState(stack.client, 'acme', requestId, 'applied');
      // Both batches (the asks and the confirmation) are with durable retries and each has been
      // refused there at least once: the relay has had its chances, and took nothing.
      const handle = stack.client.temporal.workflow.getHandle(workflowIdFor('acme'));
      await waitUntil(
        async () => {
          const mail = ((await handle.describe()).raw.pendingActivities ?? []).filter(
            (a) => a.activityType?.name === 'announce',
          );
          return mail.length === 2 && mail.every((a) => (a.attempt ?? 0) >= 2);
        },
        { timeoutMs: 30_000, what: 'both email batches retrying durably' },
      );
      expect(stack.sink.messages()).to.have.length(0);

      stack.sink.setFailure(null);
      const expected = { approval_request: 2, receipt: 1, confirmation: 3 };
      const counts = () =>
        Object.fromEntries(
          Object.keys(expected).map((kind) => [kind, sentTo(stack, requestId, kind).length]),
        );
      const all = (holds: (count: number, wanted: number) => boolean) =>
        Object.entries(expected).every(([kind, wanted]) => holds(counts()[kind] ?? 0, wanted));
      await waitUntil(() => all((count, wanted) => count >= wanted), {
        timeoutMs: 60_000,
        what: `all mail delivered once the relay is back (${JSON.stringify(expected)})`,
      });
      // The run ends once its outbox drained; then nothing more may arrive for as long as one more
      // retry of any of its activities could take.
      await handle.result();
      const window = await retryWindow(handle);
      await holdsFor(() => all((count, wanted) => count === wanted), window.ms, {
        what: () =>
          `no duplicate within ${window.ms} ms (${JSON.stringify(counts())}; ${JSON.stringify(window.activities)})`,
      });
      expect(sentTo(stack, requestId, 'approval_request')).to.deep.equal([
        'bill@acme.example',
        'olivia@acme.example',
      ]);
      expect(sentTo(stack, requestId, 'confirmation')).to.have.members([
        'adam@acme.example',
        'bill@acme.example',
        'olivia@acme.example',
      ]);
      expect((await stack.client.getStatus('acme', requestId)).state).to.equal('applied');
    } finally {
      await stack.stop();
    }
  });

  it('retries the apply while PostgreSQL is unreachable and applies once when it is back', async () => {
    const db: TestDatabase = await createTestDatabase('plangate_fault');
    const target = new URL(db.url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const proxied = new URL(db.url);
    proxied.port = String(proxy.port);
    const stack = await startTestStack({
      store: () => openBillingStore({ databaseUrl: proxied.toString() }),
    });
    try {
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 8 },
      });
      proxy.cut();
      await stack.client.decide('acme', requestId, approve);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      const during = await stack.client.getStatus('acme', requestId);
      expect(during.state).to.equal('applying');

      proxy.restore();
      const view = await waitForRequestState(stack.client, 'acme', requestId, 'applied', 90_000);
      const invoices = (await stack.store.listInvoices('acme')).filter(
        (invoice: { requestId: string }) => invoice.requestId === requestId,
      );
      expect(invoices).to.have.length(1);
      expect(invoices[0]!.lines).to.deep.equal(view.quote!.lines);
    } finally {
      await stack.stop();
      await proxy.close();
      await db.drop();
    }
  });

  it('opens exactly one of 50 concurrent submissions for one account; 49 get a clear conflict', async () => {
    const stack = await startTestStack();
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 50 }, (_, i) =>
          stack.client.submitChangeRequest({
            accountId: 'acme',
            requestedBy: 'adam',
            changes: { seats: 6 + (i % 3) },
          }),
        ),
      );
      const opened = results.filter((r) => r.status === 'fulfilled');
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as PlangateError] : []));
      expect(opened).to.have.length(1);
      expect(refused).to.have.length(49);
      const openId = (opened[0] as PromiseFulfilledResult<{ requestId: string }>).value.requestId;
      for (const error of refused) {
        expect(error).to.be.instanceOf(PlangateError);
        expect(error.status).to.equal(409);
        expect(error.extra.openRequestId).to.equal(openId);
      }
    } finally {
      await stack.stop();
    }
  });
});
