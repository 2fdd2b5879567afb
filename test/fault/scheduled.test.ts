// A change scheduled for the period end survives what a wait of days meets: its worker SIGKILLed
// while it waits, and the Temporal server stopped and started again. The timer is Temporal's, in
// the server's store, so the change still applies at its date, once, and not before.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createMailSender, startDevSmtpSink } from '../../activities/mailer/index.js';
import { defaultCatalog } from '../../activities/pricing/index.js';
import { prepareRequestActivity } from '../../activities/prepare-request.js';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import type { BillingStore } from '../../activities/store/types.js';
import { PlangateClient } from '../../client/plangate-client.js';
import { startDevServer } from '../../temporal-config/dev-server.js';
import { createPlangateWorker } from '../../worker/create-worker.js';
import { freePort } from '../setup/free-port.js';
import { createTestDatabase } from '../setup/postgres.js';
import { startTestStack } from '../setup/stack.js';
import { testTemporal } from '../setup/temporal.js';
import { waitForRequestState } from '../setup/wait.js';

const policy = {
  quote: {
    downgradeTiming: 'period_end' as const,
    supportReview: { planDowngrade: false, contactLimitDecrease: true },
  },
};
const downgrade = { plan: 'starter', addOns: { remove: ['priority_support'] } };
const approve = { approverId: 'olivia', decision: 'approve' as const, channel: 'api' as const };

/** acme's period ends `seconds` from now. */
async function periodEndingIn(store: BillingStore, seconds: number): Promise<string> {
  const end = new Date(Date.now() + seconds * 1000);
  await (store as KyselyBillingStore).db
    .updateTable('subscriptions')
    .set({ period_start: new Date(end.getTime() - 30 * 86_400_000), period_end: end })
    .where('account_id', '=', 'acme')
    .execute();
  return end.toISOString();
}

describe('scheduled changes under faults (real components)', function () {
  this.timeout(180_000);

  it('keeps the schedule when the worker is SIGKILLed while the request waits', async () => {
    const db = await createTestDatabase('plangate_sched_kill');
    const stack = await startTestStack({ policy, store: () => openBillingStore({ databaseUrl: db.url }) });
    try {
      await stack.stopWorker();
      const temporal = await testTemporal();
      const child = spawn(process.execPath, ['--import', 'tsx', 'test/fault/worker-process.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          TEMPORAL_ADDRESS: temporal.env.address,
          PLANGATE_TASK_QUEUE: stack.taskQueue,
          SMTP_URL: stack.sink.url,
          PLANGATE_LINK_SECRET: Buffer.from(stack.deps.links.secret).toString('hex'),
          // Never pauses: this worker only has to be there, and then not.
          PLANGATE_FAULT_STEP: 'none',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve) =>
        createInterface({ input: child.stdout }).on('line', (line) => line === 'READY' && resolve()),
      );
      const periodEnd = await periodEndingIn(stack.store, 12);
      const before = (await stack.store.loadAccount('acme'))!.subscriptions[0]!;
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: downgrade,
      });
      const decided = await stack.client.decide('acme', requestId, approve);
      expect(decided.state).to.equal('scheduled');
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      await stack.startWorker();
      const applied = await waitForRequestState(stack.client, 'acme', requestId, 'applied', 90_000);
      expect(Date.parse(applied.applied!.appliedAt)).to.be.at.least(Date.parse(periodEnd));
      const after = (await stack.store.loadAccount('acme'))!.subscriptions[0]!;
      expect(before.plan).to.equal('team');
      expect(after).to.include({ plan: 'starter', periodStart: periodEnd });
      const invoices = (await stack.store.listInvoices('acme')).filter((i) => i.requestId === requestId);
      expect(invoices).to.have.length(1);
    } finally {
      await stack.stop();
      await db.drop();
    }
  });

  it('keeps the schedule when the Temporal server is stopped and started again', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'plangate-sched-restart-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    let server = await startDevServer({ dataDir, port, uiPort });
    const store = await openBillingStore({ dataDir });
    await store.seedDemoData();
    const sink = await startDevSmtpSink({ port: 0 });
    const connection = await NativeConnection.connect({ address: server.address });
    const worker = await createPlangateWorker({
      connection,
      namespace: 'default',
      taskQueue: 'sched-restart',
      deps: {
        store,
        mail: createMailSender({
          smtpUrl: sink.url,
          from: 'Plangate <p@test.example>',
          store,
          publicMessageIdDomain: 'test.example',
        }),
        catalog: defaultCatalog,
        links: { secret: randomBytes(32), publicUrl: 'http://127.0.0.1:9' },
        supportEmail: 'support@test.example',
      },
      workflowCode: (await testTemporal()).workflowBundle,
    });
    const running = worker.run();
    const clientConnection = await Connection.connect({ address: server.address });
    const client = new PlangateClient(new Client({ connection: clientConnection }), {
      taskQueue: 'sched-restart',
      policy,
      preview: prepareRequestActivity({ store, catalog: defaultCatalog }),
      requests: store,
    });
    try {
      const periodEnd = await periodEndingIn(store, 15);
      const { requestId } = await client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: downgrade,
      });
      expect((await client.decide('acme', requestId, approve)).state).to.equal('scheduled');

      await server.stop();
      server = await startDevServer({ dataDir, port, uiPort });

      const applied = await waitForRequestState(client, 'acme', requestId, 'applied', 90_000);
      expect(Date.parse(applied.applied!.appliedAt)).to.be.at.least(Date.parse(periodEnd));
      expect((await store.listInvoices('acme')).map((i) => i.requestId)).to.deep.equal([requestId]);
      expect((await store.loadAccount('acme'))!.subscriptions[0]).to.include({ plan: 'starter' });
    } finally {
      worker.shutdown();
      await running;
      await clientConnection.close();
      await connection.close();
      await sink.stop();
      await store.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
