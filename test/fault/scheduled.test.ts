// A change scheduled for the period end survives what a wait of days meets: its worker SIGKILLed
// while it waits, and the Temporal server stopped and started again. The timer is Temporal's, in
// the server's store, so the change still applies at its date, once, and not before.
import { expect } from 'chai';
import { defaultCatalog } from '../../activities/pricing/index.js';
import { prepareRequestActivity } from '../../activities/prepare-request.js';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import type { BillingStore } from '../../activities/store/types.js';
import { startRestartableStack } from '../setup/restartable-stack.js';
import { spawnKillableWorker } from './killable-worker.js';
import { createTestDatabase } from '../setup/postgres.js';
import { startTestStack } from '../setup/stack.js';
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
      // Never pauses: this worker only has to be there, and then not.
      const worker = await spawnKillableWorker(stack, db.url, 'none');
      await worker.seen('READY');
      const periodEnd = await periodEndingIn(stack.store, 12);
      const before = (await stack.store.loadAccount('acme'))!.subscriptions[0]!;
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: downgrade,
      });
      const decided = await stack.client.decide('acme', requestId, approve);
      expect(decided.state).to.equal('scheduled');
      await worker.kill();

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
    const { client, store, restartServer, stop } = await startRestartableStack('sched-restart', (store) => ({
      policy,
      preview: prepareRequestActivity({ store, catalog: defaultCatalog }),
      requests: store,
    }));
    try {
      const periodEnd = await periodEndingIn(store, 15);
      const { requestId } = await client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: downgrade,
      });
      expect((await client.decide('acme', requestId, approve)).state).to.equal('scheduled');

      await restartServer();

      const applied = await waitForRequestState(client, 'acme', requestId, 'applied', 90_000);
      expect(Date.parse(applied.applied!.appliedAt)).to.be.at.least(Date.parse(periodEnd));
      expect((await store.listInvoices('acme')).map((i) => i.requestId)).to.deep.equal([requestId]);
      expect((await store.loadAccount('acme'))!.subscriptions[0]).to.include({ plan: 'starter' });
    } finally {
      await stop();
    }
  });
});
