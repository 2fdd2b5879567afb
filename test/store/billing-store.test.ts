import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  openBillingStore,
  StoreUnavailableError,
  SubscriptionVersionConflictError,
  type KyselyBillingStore,
} from '../../activities/store/index.js';
import type { ApplyChangeInput, FaultInjector } from '../../activities/store/index.js';
import type { ApprovalPolicy, Delegation } from '../../activities/store/policy-types.js';
import { createTestDatabase } from '../setup/postgres.js';

interface Backend {
  name: string;
  /** Opens a store on this backend's (persistent) location; several opens see the same data. */
  open(faultInjector?: FaultInjector): Promise<KyselyBillingStore>;
  cleanup(): Promise<void>;
}

async function pgliteBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plangate-store-'));
  return {
    name: 'PGlite',
    open: (faultInjector) => openBillingStore({ dataDir, ...(faultInjector ? { faultInjector } : {}) }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

async function postgresBackend(): Promise<Backend> {
  const db = await createTestDatabase('plangate_store');
  return {
    name: 'PostgreSQL',
    open: (faultInjector) =>
      openBillingStore({ databaseUrl: db.url, poolMax: 4, ...(faultInjector ? { faultInjector } : {}) }),
    cleanup: () => db.drop(),
  };
}

const at = '2026-11-15T12:00:00.000Z';

function change(requestId: string, expectedVersion: number, seats: number): ApplyChangeInput {
  return {
    requestId,
    accountId: 'acme',
    subscriptionId: 'sub_acme_suite',
    expectedVersion,
    next: {
      product: 'suite',
      plan: 'professional',
      seats,
      contactLimit: null,
      addOns: ['priority_support', 'analytics'],
      interval: 'month',
      currency: 'EUR',
      status: 'active',
      periodStart: '2026-11-01T00:00:00.000Z',
      periodEnd: '2026-12-01T00:00:00.000Z',
    },
    invoice: {
      currency: 'EUR',
      lines: [
        {
          kind: 'credit',
          itemId: 'seats',
          amountMinor: -4500,
          quantity: 5,
          unitAmountMinor: 2000,
          servicePeriodStart: at,
          servicePeriodEnd: '2026-12-01T00:00:00.000Z',
          description: 'Unused time on 5 × Team',
        },
        {
          kind: 'charge',
          itemId: 'seats',
          amountMinor: 12000,
          quantity: seats,
          unitAmountMinor: 3000,
          servicePeriodStart: at,
          servicePeriodEnd: '2026-12-01T00:00:00.000Z',
          description: 'Remaining time on Professional',
        },
        {
          kind: 'tax',
          itemId: 'seats',
          amountMinor: 1425,
          servicePeriodStart: at,
          servicePeriodEnd: '2026-12-01T00:00:00.000Z',
          description: 'VAT 19 %',
        },
      ],
      subtotalMinor: 7500,
      taxMinor: 1425,
      totalMinor: 8925,
      notes: [],
    },
    appliedAt: at,
  };
}

for (const makeBackend of [pgliteBackend, postgresBackend]) {
  describe(`billing store on ${makeBackend === pgliteBackend ? 'PGlite' : 'PostgreSQL'}`, function () {
    this.timeout(60_000);
    let backend: Backend;
    let store: KyselyBillingStore;

    beforeEach(async () => {
      backend = await makeBackend();
      store = await backend.open();
      expect(await store.seedDemoData(new Date('2026-11-10T08:00:00Z'))).to.equal(true);
    });
    afterEach(async () => {
      await store.close();
      await backend.cleanup();
    });

    it('seeds the demo accounts once, with members and subscriptions', async () => {
      expect(await store.seedDemoData()).to.equal(false);
      const acme = await store.loadAccount('acme');
      expect(acme?.account).to.include({ name: 'Acme GmbH', country: 'DE', currency: 'EUR', locale: 'de' });
      expect(acme?.account.paymentMethod.onFile).to.equal(true);
      expect(acme?.members.map((m) => `${m.userId}:${m.role}`)).to.include.members([
        'olivia:owner',
        'bill:billing_admin',
        'adam:admin',
      ]);
      expect(acme?.subscriptions[0]).to.include({
        plan: 'team',
        seats: 5,
        interval: 'month',
        version: 1,
        periodStart: '2026-11-01T00:00:00.000Z',
      });
      expect(acme?.subscriptions[0]?.addOns).to.deep.equal(['priority_support']);
      const globex = await store.loadAccount('globex');
      expect(globex?.account.paymentMethod).to.deep.equal({ onFile: false, label: null });
      expect(globex?.members.find((m) => m.role === 'owner')?.locale).to.equal('en');
      expect(await store.loadAccount('nobody')).to.equal(null);
    });

    it('applies a change in one transaction and returns the stored result', async () => {
      const result = await store.applyChange(change('req_1', 1, 8));
      expect(result.alreadyApplied).to.equal(false);
      expect(result.subscription).to.include({ plan: 'professional', seats: 8, version: 2 });
      expect(result.invoice.lines).to.deep.equal(change('req_1', 1, 8).invoice.lines);
      expect(result.invoice).to.include({ totalMinor: 8925, taxMinor: 1425, requestId: 'req_1' });
      const invoices = await store.listInvoices('acme');
      expect(invoices).to.have.length(1);
      expect((await store.getAppliedChange('req_1'))?.invoice.invoiceId).to.equal(result.invoice.invoiceId);
    });

    it('applies the same request twice (one after the other, and at once) into one invoice', async () => {
      const first = await store.applyChange(change('req_1', 1, 8));
      const again = await store.applyChange(change('req_1', 1, 8));
      expect(again.alreadyApplied).to.equal(true);
      expect(again.invoice.invoiceId).to.equal(first.invoice.invoiceId);
      const both = await Promise.all([
        store.applyChange(change('req_2', 2, 9)),
        store.applyChange(change('req_2', 2, 9)),
      ]);
      expect(both[0].invoice.invoiceId).to.equal(both[1].invoice.invoiceId);
      expect(await store.listInvoices('acme')).to.have.length(2);
      expect((await store.loadAccount('acme'))?.subscriptions[0]?.version).to.equal(3);
    });

    it('lets exactly one of two concurrent applies with the same expected version win', async () => {
      // PGlite is one process's embedded database: concurrency goes through its one instance.
      const other = backend.name === 'PGlite' ? store : await backend.open();
      try {
        const results = await Promise.allSettled([
          store.applyChange(change('req_a', 1, 8)),
          other.applyChange(change('req_b', 1, 9)),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        expect(won).to.have.length(1);
        expect(lost).to.have.length(1);
        expect(lost[0]).to.be.instanceOf(SubscriptionVersionConflictError);
        expect((lost[0] as SubscriptionVersionConflictError).code).to.equal('SUBSCRIPTION_VERSION_CONFLICT');
        expect(await store.listInvoices('acme')).to.have.length(1);
      } finally {
        if (backend.name !== 'PGlite') await other.close();
      }
    });

    it('leaves nothing half-written when the transaction fails between statements', async () => {
      for (const step of ['after_subscription_update', 'after_invoice_insert'] as const) {
        await store.close();
        store = await backend.open((at) => {
          if (at === step) throw new Error(`injected failure ${step}`);
        });
        const failed = await store.applyChange(change(`req_${step}`, 1, 8)).catch((e: Error) => e);
        expect((failed as Error).message).to.equal(`injected failure ${step}`);
        expect(await store.listInvoices('acme')).to.have.length(0);
        expect(await store.getAppliedChange(`req_${step}`)).to.equal(null);
        expect((await store.loadAccount('acme'))?.subscriptions[0]).to.include({
          seats: 5,
          version: 1,
          plan: 'team',
        });
      }
    });

    it('creates the subscription of an added product in the same transaction', async () => {
      const input = change('req_p', 1, 5);
      input.addSubscription = {
        ...input.next,
        product: 'desk',
        plan: 'starter',
        seats: 2,
        addOns: [],
        status: 'trialing',
      };
      const result = await store.applyChange(input);
      expect(result.addedSubscription).to.include({ product: 'desk', status: 'trialing', version: 1 });
      expect((await store.loadAccount('acme'))?.subscriptions.map((s) => s.product)).to.deep.equal([
        'suite',
        'desk',
      ]);
    });

    it('records each email send once per (request, kind, recipient)', async () => {
      const email = {
        requestId: 'req_1',
        kind: 'approval_request:1',
        recipient: 'olivia@acme.example',
        messageId: '<a@x>',
      };
      expect(await store.recordSentEmail(email)).to.equal(true);
      expect(await store.recordSentEmail({ ...email, messageId: '<b@x>' })).to.equal(false);
      expect(
        (await store.findSentEmail('req_1', 'approval_request:1', 'olivia@acme.example'))?.messageId,
      ).to.equal('<a@x>');
      expect(await store.findSentEmail('req_1', 'reminder:1:1', 'olivia@acme.example')).to.equal(null);
      expect(await store.listSentEmails('req_1')).to.have.length(1);
    });

    it('keeps its data across close and reopen', async () => {
      await store.applyChange(change('req_1', 1, 8));
      await store.close();
      store = await backend.open();
      expect((await store.loadAccount('acme'))?.subscriptions[0]?.seats).to.equal(8);
      expect(await store.seedDemoData()).to.equal(false);
    });

    describe('approval policies and delegations', () => {
      const policy: ApprovalPolicy = {
        mode: 'all',
        stages: [
          {
            name: 'finance',
            aboveMinor: { EUR: 100_000, USD: 120_000 },
            approvers: { userIds: ['agnes'], roles: ['owner'] },
            mode: 'quorum',
            quorum: 2,
          },
        ],
        watchers: ['agnes'],
      };
      const holiday: Delegation = {
        accountId: 'acme',
        userId: 'olivia',
        delegateTo: 'bill',
        from: '2026-12-20T00:00:00.000Z',
        until: '2027-01-06T00:00:00.000Z',
      };

      it('stores, replaces and loads an account policy; other accounts keep the default', async () => {
        expect(await store.getApprovalPolicy('acme')).to.equal(null);
        expect(await store.loadAccount('acme')).to.not.have.property('approvalPolicy');
        await store.setApprovalPolicy('acme', policy);
        expect(await store.getApprovalPolicy('acme')).to.deep.equal(policy);
        expect((await store.loadAccount('acme'))?.approvalPolicy).to.deep.equal(policy);
        await store.setApprovalPolicy('acme', { mode: 'quorum', quorum: 1 });
        expect(await store.getApprovalPolicy('acme')).to.deep.equal({ mode: 'quorum', quorum: 1 });
        expect(await store.getApprovalPolicy('globex')).to.equal(null);
        await store.close();
        store = await backend.open();
        expect(await store.getApprovalPolicy('acme')).to.deep.equal({ mode: 'quorum', quorum: 1 });
      });

      it('keeps one delegation per approver: set replaces, end removes and returns it', async () => {
        expect(await store.setDelegation(holiday)).to.deep.equal(holiday);
        const later = { ...holiday, delegateTo: 'agnes', until: '2027-01-10T00:00:00.000Z' };
        expect(await store.setDelegation(later)).to.deep.equal(later);
        const billAway = { ...holiday, userId: 'bill', delegateTo: 'olivia' };
        await store.setDelegation(billAway);
        expect(await store.listDelegations('acme')).to.deep.equal([billAway, later]);
        expect((await store.loadAccount('acme'))?.delegations).to.deep.equal([billAway, later]);
        expect((await store.loadAccount('globex'))?.delegations).to.deep.equal([]);

        expect(await store.endDelegation('acme', 'olivia')).to.deep.equal(later);
        expect(await store.endDelegation('acme', 'olivia')).to.equal(null);
        expect(await store.listDelegations('acme')).to.deep.equal([billAway]);
      });

      it('refuses delegations the rules forbid, whoever writes: non-members, oneself, an empty window', async () => {
        const FOREIGN_KEY = '23503';
        const CHECK = '23514';
        for (const [bad, code] of [
          [{ ...holiday, delegateTo: 'hank' }, FOREIGN_KEY], // a member of globex, not of acme
          [{ ...holiday, userId: 'nobody' }, FOREIGN_KEY],
          [{ ...holiday, delegateTo: 'olivia' }, CHECK],
          [{ ...holiday, until: holiday.from }, CHECK],
        ] as const) {
          const error = await store.setDelegation(bad).catch((e: unknown) => e);
          expect((error as { code?: string }).code, JSON.stringify(bad)).to.equal(code);
        }
        expect(await store.listDelegations('acme')).to.deep.equal([]);
        const error = await store.setApprovalPolicy('nosuchaccount', policy).catch((e: unknown) => e);
        expect((error as { code?: string }).code).to.equal(FOREIGN_KEY);
      });
    });
  });
}

describe('billing store connection errors', () => {
  it('names DATABASE_URL, hides the password, and says why when PostgreSQL is unreachable', async () => {
    const error = await openBillingStore({ databaseUrl: 'postgres://app:s3cret@127.0.0.1:1/billing' }).catch(
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(StoreUnavailableError);
    const message = (error as Error).message;
    expect(message).to.include('DATABASE_URL=postgres://app:***@127.0.0.1:1/billing');
    expect(message).to.not.include('s3cret');
    expect(message).to.match(/ECONNREFUSED|connect/);
  });
});
