import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { Migrator } from 'kysely/migration';
import type {
  RequestRecord,
  RequestRecordFilter,
  RequestRecordSummary,
  RequestUpdate,
  ApplyChangeInput,
  ApplyChangeResult,
  BillingStore,
  Invoice,
  SentEmail,
  Subscription,
} from './types.js';
import { SubscriptionVersionConflictError } from './types.js';
import type { SubscriptionTerms } from '../pricing/types.js';
import type { BillingDatabase } from './schema.js';
import { migrationProvider } from './migrations/index.js';
import { toAccount, toInvoice, toMember, toSentEmail, toSubscription } from './rows.js';
import { seedDemoData } from './seed.js';
import { getRequestRecord, listRequestRecords, recordRequestUpdate } from './request-records.js';
import * as policies from './policy-store.js';
import type { ApprovalPolicy, Delegation } from './policy-types.js';
import * as webhooks from './webhook-store.js';
import { insertRequestEvents } from './request-events.js';

/** Steps inside the apply transaction where a test may inject a failure (or a pause). */
export type ApplyFaultStep = 'after_subscription_update' | 'after_invoice_insert' | 'after_commit';
export type FaultInjector = (step: ApplyFaultStep) => void | Promise<void>;

const UNIQUE_VIOLATION = '23505';

/** The one implementation of BillingStore: Kysely over PGlite or PostgreSQL, same SQL for both. */
export class KyselyBillingStore implements BillingStore {
  /** Tail of the queue of transactions, when they must not overlap. */
  private transactionQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly db: Kysely<BillingDatabase>,
    private readonly options: {
      faultInjector?: FaultInjector;
      /**
       * PGlite has one connection: two transactions started at once would interleave their
       * statements in one session instead of isolating them. There they run one after the other.
       */
      serializeTransactions?: boolean;
    } = {},
  ) {}

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (!this.options.serializeTransactions) return work();
    const run = this.transactionQueue.then(work, work);
    this.transactionQueue = run.catch(() => undefined);
    return run;
  }

  async migrate(): Promise<void> {
    const { error, results } = await new Migrator({
      db: this.db,
      provider: migrationProvider,
      // Migrations are numbered by feature and may land in any order (0004 before 0002).
      allowUnorderedMigrations: true,
    }).migrateToLatest();
    const failed = results?.find((r) => r.status === 'Error');
    if (error || failed) {
      throw new Error(
        `Database migration ${failed?.migrationName ?? ''} failed: ${(error as Error | undefined)?.message ?? 'unknown error'}`,
      );
    }
  }

  async loadAccount(accountId: string) {
    const account = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!account) return null;
    const [members, subscriptions, approvalPolicy, delegations] = await Promise.all([
      this.db
        .selectFrom('members')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('user_id')
        .execute(),
      this.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('subscription_id')
        .execute(),
      policies.getApprovalPolicy(this.db, accountId),
      policies.listDelegations(this.db, accountId),
    ]);
    return {
      account: toAccount(account),
      members: members.map(toMember),
      subscriptions: subscriptions.map(toSubscription),
      ...(approvalPolicy ? { approvalPolicy } : {}),
      delegations,
    };
  }

  async listAccounts() {
    return (await this.db.selectFrom('accounts').selectAll().orderBy('account_id').execute()).map(toAccount);
  }

  /**
   * One transaction: the applied-request row is the idempotency key (a retry returns the first
   * result, writing nothing), the subscription row is locked and its version compared, then the new
   * terms, the invoice with its lines and the applied row are written together or not at all.
   */
  async applyChange(input: ApplyChangeInput): Promise<ApplyChangeResult> {
    try {
      const result = await this.exclusive(() =>
        this.db.transaction().execute((tx) => this.applyInTransaction(tx, input)),
      );
      await this.options.faultInjector?.('after_commit');
      return result;
    } catch (error) {
      // Two applies of the same request raced: the loser hit the unique request id. The winner's
      // result is the answer for both.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        const first = await this.getAppliedChange(input.requestId);
        if (first) return first;
      }
      throw error;
    }
  }

  private async applyInTransaction(
    tx: Transaction<BillingDatabase>,
    input: ApplyChangeInput,
  ): Promise<ApplyChangeResult> {
    const current = await tx
      .selectFrom('subscriptions')
      .selectAll()
      .where('subscription_id', '=', input.subscriptionId)
      .where('account_id', '=', input.accountId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) {
      throw new Error(`Subscription ${input.subscriptionId} of account ${input.accountId} does not exist`);
    }
    // Checked under the row lock: a concurrent apply of the same request has committed by now, and
    // its result (not a version conflict) is the answer.
    const existing = await this.appliedChangeIn(tx, input.requestId);
    if (existing) return existing;
    if (current.version !== input.expectedVersion) {
      throw new SubscriptionVersionConflictError(
        input.subscriptionId,
        input.expectedVersion,
        current.version,
      );
    }

    const at = input.appliedAt;
    await tx
      .updateTable('subscriptions')
      .set({ ...termsColumns(input.next), version: current.version + 1, updated_at: at })
      .where('subscription_id', '=', input.subscriptionId)
      .execute();
    await this.options.faultInjector?.('after_subscription_update');

    let addedSubscriptionId: string | null = null;
    if (input.addSubscription) {
      addedSubscriptionId = `sub_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
      await tx
        .insertInto('subscriptions')
        .values({
          subscription_id: addedSubscriptionId,
          account_id: input.accountId,
          ...termsColumns(input.addSubscription),
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }

    const invoiceId = `inv_${randomUUID().replaceAll('-', '').slice(0, 20)}`;
    await tx
      .insertInto('invoices')
      .values({
        invoice_id: invoiceId,
        account_id: input.accountId,
        request_id: input.requestId,
        currency: input.invoice.currency,
        subtotal_minor: input.invoice.subtotalMinor,
        tax_minor: input.invoice.taxMinor,
        total_minor: input.invoice.totalMinor,
        notes: JSON.stringify(input.invoice.notes),
        issued_at: at,
      })
      .execute();
    if (input.invoice.lines.length > 0) {
      await tx
        .insertInto('invoice_lines')
        .values(
          input.invoice.lines.map((line, position) => ({
            invoice_id: invoiceId,
            position,
            kind: line.kind,
            item_id: line.itemId,
            amount_minor: line.amountMinor,
            quantity: line.quantity ?? null,
            unit_amount_minor: line.unitAmountMinor ?? null,
            service_period_start: line.servicePeriodStart,
            service_period_end: line.servicePeriodEnd,
            description: line.description,
          })),
        )
        .execute();
    }
    await this.options.faultInjector?.('after_invoice_insert');

    await tx
      .insertInto('applied_change_requests')
      .values({
        request_id: input.requestId,
        account_id: input.accountId,
        subscription_id: input.subscriptionId,
        invoice_id: invoiceId,
        added_subscription_id: addedSubscriptionId,
        before: JSON.stringify(toSubscription(current)),
        after: JSON.stringify(input.next),
        applied_at: at,
      })
      .execute();

    const result = await this.appliedChangeIn(tx, input.requestId);
    if (!result) throw new Error(`Applied change ${input.requestId} vanished inside its own transaction`);
    const applied = { ...result, alreadyApplied: false };
    if (input.announce) await recordRequestUpdate(tx, input.announce(applied));
    return applied;
  }

  getAppliedChange(requestId: string): Promise<ApplyChangeResult | null> {
    return this.appliedChangeIn(this.db, requestId);
  }

  private async appliedChangeIn(
    db: Kysely<BillingDatabase>,
    requestId: string,
  ): Promise<ApplyChangeResult | null> {
    const applied = await db
      .selectFrom('applied_change_requests')
      .selectAll()
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    if (!applied) return null;
    const [invoice, subscription, added] = await Promise.all([
      this.invoiceIn(db, applied.invoice_id),
      db
        .selectFrom('subscriptions')
        .selectAll()
        .where('subscription_id', '=', applied.subscription_id)
        .executeTakeFirstOrThrow(),
      applied.added_subscription_id
        ? db
            .selectFrom('subscriptions')
            .selectAll()
            .where('subscription_id', '=', applied.added_subscription_id)
            .executeTakeFirst()
        : undefined,
    ]);
    return {
      requestId,
      invoice,
      subscription: toSubscription(subscription),
      ...(added ? { addedSubscription: toSubscription(added) } : {}),
      appliedAt: new Date(applied.applied_at).toISOString(),
      alreadyApplied: true,
    };
  }

  private async invoiceIn(db: Kysely<BillingDatabase>, invoiceId: string): Promise<Invoice> {
    const [row, lines] = await Promise.all([
      db.selectFrom('invoices').selectAll().where('invoice_id', '=', invoiceId).executeTakeFirstOrThrow(),
      db
        .selectFrom('invoice_lines')
        .selectAll()
        .where('invoice_id', '=', invoiceId)
        .orderBy('position')
        .execute(),
    ]);
    return toInvoice(row, lines);
  }

  async listInvoices(accountId: string): Promise<Invoice[]> {
    const rows = await this.db
      .selectFrom('invoices')
      .select('invoice_id')
      .where('account_id', '=', accountId)
      .orderBy('issued_at')
      .execute();
    const invoices: Invoice[] = [];
    for (const row of rows) invoices.push(await this.invoiceIn(this.db, row.invoice_id));
    return invoices;
  }

  async findSentEmail(requestId: string, kind: string, recipient: string): Promise<SentEmail | null> {
    const row = await this.db
      .selectFrom('sent_emails')
      .selectAll()
      .where('request_id', '=', requestId)
      .where('kind', '=', kind)
      .where('recipient', '=', recipient)
      .executeTakeFirst();
    return row ? toSentEmail(row) : null;
  }

  async recordSentEmail(email: Omit<SentEmail, 'sentAt'> & { sentAt?: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('sent_emails')
      .values({
        request_id: email.requestId,
        kind: email.kind,
        recipient: email.recipient,
        message_id: email.messageId,
        sent_at: email.sentAt ?? new Date().toISOString(),
      })
      .onConflict((c) => c.columns(['request_id', 'kind', 'recipient']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async listSentEmails(requestId: string): Promise<SentEmail[]> {
    const rows = await this.db
      .selectFrom('sent_emails')
      .selectAll()
      .where('request_id', '=', requestId)
      .orderBy('sent_at')
      .execute();
    return rows.map(toSentEmail);
  }

  recordRequestUpdate(update: RequestUpdate): Promise<void> {
    // One transaction: the view and the events of one announcement are stored together or not at all.
    return this.exclusive(() => this.db.transaction().execute((tx) => recordRequestUpdate(tx, update)));
  }

  getRequestRecord(requestId: string): Promise<RequestRecord | null> {
    return getRequestRecord(this.db, requestId);
  }

  listRequestRecords(filter: RequestRecordFilter): Promise<RequestRecordSummary[]> {
    return listRequestRecords(this.db, filter);
  }

  getApprovalPolicy(accountId: string): Promise<ApprovalPolicy | null> {
    return policies.getApprovalPolicy(this.db, accountId);
  }

  setApprovalPolicy(accountId: string, policy: ApprovalPolicy): Promise<void> {
    return policies.setApprovalPolicy(this.db, accountId, policy);
  }

  listDelegations(accountId: string): Promise<Delegation[]> {
    return policies.listDelegations(this.db, accountId);
  }

  setDelegation(delegation: Delegation): Promise<Delegation> {
    return policies.setDelegation(this.db, delegation);
  }

  endDelegation(accountId: string, userId: string): Promise<Delegation | null> {
    return policies.endDelegation(this.db, accountId, userId);
  }

  seedDemoData(now?: Date): Promise<boolean> {
    return this.exclusive(() => seedDemoData(this.db, now));
  }

  // Events and webhooks: one statement each, queued behind PGlite's open transactions.
  insertRequestEvents: BillingStore['insertRequestEvents'] = (events) =>
    this.exclusive(() => insertRequestEvents(this.db, events));
  createWebhookEndpoint: BillingStore['createWebhookEndpoint'] = (e) =>
    this.exclusive(() => webhooks.createWebhookEndpoint(this.db, e));
  listWebhookEndpoints: BillingStore['listWebhookEndpoints'] = () =>
    this.exclusive(() => webhooks.listWebhookEndpoints(this.db));
  getWebhookEndpoint: BillingStore['getWebhookEndpoint'] = (id) =>
    this.exclusive(() => webhooks.getWebhookEndpoint(this.db, id));
  deleteWebhookEndpoint: BillingStore['deleteWebhookEndpoint'] = (id) =>
    this.exclusive(() => webhooks.deleteWebhookEndpoint(this.db, id));
  rotateWebhookSecret: BillingStore['rotateWebhookSecret'] = (id, r) =>
    this.exclusive(() => webhooks.rotateWebhookSecret(this.db, id, r));
  enableWebhookEndpoint: BillingStore['enableWebhookEndpoint'] = (id) =>
    this.exclusive(() => webhooks.enableWebhookEndpoint(this.db, id));
  listWebhookDeliveries: BillingStore['listWebhookDeliveries'] = (id, o) =>
    this.exclusive(() => webhooks.listWebhookDeliveries(this.db, id, o));
  redeliverWebhookEvent: BillingStore['redeliverWebhookEvent'] = (id, ev, at) =>
    this.exclusive(() => webhooks.redeliverWebhookEvent(this.db, id, ev, at));
  redeliverFailedWebhooks: BillingStore['redeliverFailedWebhooks'] = (id, since, at) =>
    this.exclusive(() => webhooks.redeliverFailedWebhooks(this.db, id, since, at));
  claimWebhookDeliveries: BillingStore['claimWebhookDeliveries'] = (input) =>
    this.exclusive(() => webhooks.claimWebhookDeliveries(this.db, input));
  recordWebhookAttempt: BillingStore['recordWebhookAttempt'] = (record) =>
    this.exclusive(() => webhooks.recordWebhookAttempt(this.db, record));
  listUnnotifiedDisabledWebhookEndpoints: BillingStore['listUnnotifiedDisabledWebhookEndpoints'] = () =>
    this.exclusive(() => webhooks.listUnnotifiedDisabledWebhookEndpoints(this.db));
  markWebhookSupportNotified: BillingStore['markWebhookSupportNotified'] = (id, n, at) =>
    this.exclusive(() => webhooks.markWebhookSupportNotified(this.db, id, n, at));

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db);
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function termsColumns(terms: SubscriptionTerms) {
  return {
    product: terms.product,
    plan: terms.plan,
    seats: terms.seats,
    contact_limit: terms.contactLimit,
    add_ons: JSON.stringify(terms.addOns),
    interval: terms.interval,
    currency: terms.currency,
    status: terms.status,
    period_start: terms.periodStart,
    period_end: terms.periodEnd,
  };
}

export type { Subscription };
