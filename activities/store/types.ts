// The billing store contract used by the activities. Implemented once with Kysely over PGlite
// (embedded default) and PostgreSQL (DATABASE_URL). All values are plain data: they cross Temporal.
import type { Line, Locale, QuotedSubscription, SubscriptionTerms } from '../pricing/types.js';
import type { ChangeKind } from '../pricing/types.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import type { RequestState } from '../../workflows/request-states.js';
import type { RequestEvent } from './event-types.js';
import type { ApprovalPolicy, Delegation } from './policy-types.js';
import type { Role } from './role.js';
import type {
  ClaimWebhookDeliveriesInput,
  ClaimedWebhookDelivery,
  DisabledWebhookEndpoint,
  NewWebhookEndpoint,
  WebhookAttemptOutcome,
  WebhookAttemptRecord,
  WebhookDelivery,
  WebhookEndpoint,
} from './webhook-types.js';

export type * from './webhook-types.js';

export type { Role };

export interface Account {
  accountId: string;
  name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  vatId: string | null;
  currency: string;
  locale: Locale;
  /** Only whether one exists and a display label ("Visa ending 4242"); never card data. */
  paymentMethod: { onFile: boolean; label: string | null };
}

export interface Member {
  userId: string;
  accountId: string;
  name: string;
  email: string;
  locale: Locale;
  role: Role;
}

export interface Subscription extends QuotedSubscription {
  accountId: string;
  createdAt: string;
  updatedAt: string;
}

export interface AccountSnapshot {
  account: Account;
  members: Member[];
  /** Oldest first; the first is the account's primary subscription. */
  subscriptions: Subscription[];
  /** The account's own approval policy; absent: the deployment's default applies. */
  approvalPolicy?: ApprovalPolicy;
  /** Every stored delegation of the account (running or not: `activeDelegate` picks by time). */
  delegations: Delegation[];
}

export interface InvoiceDraft {
  currency: string;
  lines: Line[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  /** Reverse-charge note etc., printed on the invoice. */
  notes: string[];
}

export interface Invoice extends InvoiceDraft {
  invoiceId: string;
  accountId: string;
  requestId: string;
  issuedAt: string;
}

export interface ApplyChangeInput {
  requestId: string;
  accountId: string;
  subscriptionId: string;
  /** The version the quote was computed from; a different stored version is a conflict. */
  expectedVersion: number;
  /** The complete terms after the change (period dates included). */
  next: SubscriptionTerms;
  /** A product added by this request (addProduct), created as a new subscription. */
  addSubscription?: SubscriptionTerms;
  invoice: InvoiceDraft;
  /** When the change is applied (the quote's `at` re-evaluated at apply time). */
  appliedAt: string;
  /**
   * What the request's read model and event outbox get in the same transaction, built from the
   * committed result (the `applied` event carries the new subscription and the invoice).
   */
  announce?: (result: ApplyChangeResult) => RequestUpdate;
}

export interface ApplyChangeResult {
  requestId: string;
  invoice: Invoice;
  subscription: Subscription;
  addedSubscription?: Subscription;
  appliedAt: string;
  /** True when this request had been applied before and the stored result is returned unchanged. */
  alreadyApplied: boolean;
}

export class SubscriptionVersionConflictError extends Error {
  readonly code = 'SUBSCRIPTION_VERSION_CONFLICT';
  constructor(
    readonly subscriptionId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`Subscription ${subscriptionId} is at version ${actualVersion}, expected ${expectedVersion}`);
    this.name = 'SubscriptionVersionConflictError';
  }
}

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}

export type EmailKind =
  | 'approval_request'
  | 'receipt'
  | 'reminder'
  | 'approved'
  | 'rejected'
  | 'support_review'
  | 'confirmation'
  | 'expired'
  | 'cancelled'
  | 'requote'
  | 'apply_failed'
  | 'scheduled'
  /** To a watcher: the request's latest step. */
  | 'watch';

/**
 * Emails to support that are about no request: sent with sendOnce like the others, keyed by what
 * they are about (a webhook endpoint disabled after failing for too long: activities/webhooks).
 */
export type SupportNoticeKind = 'webhook_disabled';

export interface SentEmail {
  requestId: string;
  /** An EmailKind, optionally with a round suffix so repeated sends stay distinct: `reminder:2`. */
  kind: string;
  /** The recipient's email address. */
  recipient: string;
  messageId: string;
  sentAt: string;
}

export interface BillingStore {
  /** Runs pending migrations; called on start (idempotent). */
  migrate(): Promise<void>;
  loadAccount(accountId: string): Promise<AccountSnapshot | null>;
  listAccounts(): Promise<Account[]>;
  /** One transaction: version check, new subscription, invoice with lines, applied-request row. */
  applyChange(input: ApplyChangeInput): Promise<ApplyChangeResult>;
  getAppliedChange(requestId: string): Promise<ApplyChangeResult | null>;
  listInvoices(accountId: string): Promise<Invoice[]>;
  /** The send log that makes email idempotent per (request, kind, recipient). */
  findSentEmail(requestId: string, kind: string, recipient: string): Promise<SentEmail | null>;
  /** Records a send; returns false (and changes nothing) if that (request, kind, recipient) exists. */
  recordSentEmail(email: Omit<SentEmail, 'sentAt'> & { sentAt?: string }): Promise<boolean>;
  listSentEmails(requestId: string): Promise<SentEmail[]>;
  /** The account's stored approval policy; null when it uses the deployment's default. */
  getApprovalPolicy(accountId: string): Promise<ApprovalPolicy | null>;
  /** Stores or replaces the account's policy (validated by the caller: activities/approval-policy.ts). */
  setApprovalPolicy(accountId: string, policy: ApprovalPolicy): Promise<void>;
  /** The account's delegations, by approver. */
  listDelegations(accountId: string): Promise<Delegation[]>;
  /** Stores a delegation, replacing the approver's previous one (validated by the caller: activities/delegation.ts). */
  setDelegation(delegation: Delegation): Promise<Delegation>;
  /** Removes the approver's delegation; returns the one removed, or null when there was none. */
  endDelegation(accountId: string, userId: string): Promise<Delegation | null>;
  /** Creates the demo data (docs/operations.md) if it is not there; returns true when it created it. */
  seedDemoData(now?: Date): Promise<boolean>;
  /** Stores an announcement of the workflow: the request's view (only if newer) and its events. */
  recordRequestUpdate(update: RequestUpdate): Promise<void>;
  getRequestRecord(requestId: string): Promise<RequestRecord | null>;
  /** Newest first; requests refused at submission are never recorded. */
  listRequestRecords(filter: RequestRecordFilter): Promise<RequestRecordSummary[]>;
  /**
   * Stores request events and queues their webhook deliveries, idempotently (request-events.ts).
   * Inside the apply transaction, call insertRequestEvents(tx, events) instead.
   */
  insertRequestEvents(events: RequestEvent[]): Promise<void>;
  // Webhooks (activities/store/webhook-store.ts).
  createWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  listWebhookEndpoints(): Promise<WebhookEndpoint[]>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** Removes it with its deliveries; false when there is no such endpoint. */
  deleteWebhookEndpoint(id: string): Promise<boolean>;
  rotateWebhookSecret(
    id: string,
    rotation: { secret: string; previousSecretExpiresAt: string; at: string },
  ): Promise<WebhookEndpoint | null>;
  enableWebhookEndpoint(id: string): Promise<WebhookEndpoint | null>;
  /** Newest first. */
  listWebhookDeliveries(endpointId: string, options: { limit: number }): Promise<WebhookDelivery[]>;
  /** Queues one event for the endpoint again; null when the event does not exist. */
  redeliverWebhookEvent(endpointId: string, eventId: string, at: string): Promise<WebhookDelivery | null>;
  /** Queues again every failed or dead delivery of the endpoint whose last attempt was at or after `since`. */
  redeliverFailedWebhooks(endpointId: string, since: string, at: string): Promise<number>;
  /** The dispatcher's lease on due deliveries (FOR UPDATE SKIP LOCKED; sequence order per request). */
  claimWebhookDeliveries(input: ClaimWebhookDeliveriesInput): Promise<ClaimedWebhookDelivery[]>;
  recordWebhookAttempt(record: WebhookAttemptRecord): Promise<WebhookAttemptOutcome>;
  listUnnotifiedDisabledWebhookEndpoints(): Promise<DisabledWebhookEndpoint[]>;
  markWebhookSupportNotified(id: string, timesDisabled: number, at: string): Promise<void>;
  /** Cheap round-trip for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// --- the read model of change requests (request-records.ts) ---------------------------------

/** What one announcement stores. */
export interface RequestUpdate {
  view: RequestStatusView;
  events: RequestEvent[];
  /** The workflow run that holds the request. */
  run: { workflowId: string; runId: string };
}

/** A stored request: the view as of `recordedAt`. */
export interface RequestRecord {
  view: RequestStatusView;
  run: { workflowId: string; runId: string };
  recordedAt: string;
}

export interface RequestRecordSummary {
  requestId: string;
  accountId: string;
  state: RequestState;
  open: boolean;
  changeKinds: ChangeKind[];
  submittedAt: string;
  /** When the request reached a state it cannot leave. */
  closedAt?: string;
  workflowId: string;
  runId: string;
  recordedAt: string;
}

export interface RequestRecordFilter {
  accountId?: string;
  state?: RequestState;
  submittedBefore?: Date;
  limit?: number;
}
