// The billing store's tables as Kysely sees them. Money is bigint (minor units), times timestamptz.
import type { ColumnType, Generated } from 'kysely';
import type { ApprovalPolicy } from './policy-types.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type BigMoney = ColumnType<string | number | bigint, number, number>;
type Json<T> = ColumnType<T, string, string>;

export interface AccountsTable {
  account_id: string;
  name: string;
  country: string;
  vat_id: string | null;
  currency: string;
  locale: string;
  payment_method_on_file: boolean;
  payment_method_label: string | null;
  created_at: Generated<Timestamp>;
}

export interface MembersTable {
  account_id: string;
  user_id: string;
  name: string;
  email: string;
  locale: string;
  role: string;
}

export interface SubscriptionsTable {
  subscription_id: string;
  account_id: string;
  product: string;
  plan: string;
  seats: number;
  contact_limit: number | null;
  add_ons: Json<string[]>;
  interval: string;
  currency: string;
  status: string;
  period_start: Timestamp;
  period_end: Timestamp;
  version: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InvoicesTable {
  invoice_id: string;
  account_id: string;
  request_id: string;
  currency: string;
  subtotal_minor: BigMoney;
  tax_minor: BigMoney;
  total_minor: BigMoney;
  notes: Json<string[]>;
  issued_at: Timestamp;
}

export interface InvoiceLinesTable {
  invoice_id: string;
  position: number;
  kind: string;
  item_id: string;
  amount_minor: BigMoney;
  quantity: number | null;
  unit_amount_minor: BigMoney | null;
  service_period_start: Timestamp;
  service_period_end: Timestamp;
  description: string;
}

export interface AppliedChangeRequestsTable {
  request_id: string;
  account_id: string;
  subscription_id: string;
  invoice_id: string;
  added_subscription_id: string | null;
  before: Json<unknown>;
  after: Json<unknown>;
  applied_at: Timestamp;
}

export interface SentEmailsTable {
  request_id: string;
  kind: string;
  recipient: string;
  message_id: string;
  sent_at: Timestamp;
}

export interface ChangeRequestsTable {
  request_id: string;
  account_id: string;
  state: string;
  open: boolean;
  change_kinds: Json<string[]>;
  submitted_at: Timestamp;
  revision: number;
  workflow_id: string;
  run_id: string;
  view: Json<unknown>;
  recorded_at: Timestamp;
}

export interface RequestEventsTable {
  event_id: string;
  request_id: string;
  account_id: string;
  sequence: number;
  type: string;
  created_at: Timestamp;
  /** The whole RequestEvent (event-types.ts). */
  body: Json<unknown>;
}

export interface WebhookEndpointsTable {
  endpoint_id: string;
  url: string;
  /** Event types; null: all. */
  events: Json<string[] | null> | null;
  description: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Timestamp | null;
  secret_rotated_at: Timestamp | null;
  created_at: Timestamp;
  failing_since: Timestamp | null;
  last_success_at: Timestamp | null;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  times_disabled: Generated<number>;
  support_notified_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  endpoint_id: string;
  event_id: string;
  request_id: string;
  sequence: number;
  event_type: string;
  state: string;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  last_latency_ms: number | null;
  last_attempt_at: Timestamp | null;
  next_attempt_at: Timestamp | null;
  window_started_at: Timestamp;
  delivered_at: Timestamp | null;
  lease_token: string | null;
  lease_expires_at: Timestamp | null;
  created_at: Timestamp;
}

export interface ApprovalPoliciesTable {
  account_id: string;
  policy: Json<ApprovalPolicy>;
  updated_at: Timestamp;
}

export interface DelegationsTable {
  account_id: string;
  user_id: string;
  delegate_to: string;
  from: Timestamp;
  until: Timestamp;
  created_at: Timestamp;
}

export interface BillingDatabase {
  accounts: AccountsTable;
  members: MembersTable;
  subscriptions: SubscriptionsTable;
  invoices: InvoicesTable;
  invoice_lines: InvoiceLinesTable;
  applied_change_requests: AppliedChangeRequestsTable;
  sent_emails: SentEmailsTable;
  change_requests: ChangeRequestsTable;
  request_events: RequestEventsTable;
  approval_policies: ApprovalPoliciesTable;
  delegations: DelegationsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_deliveries: WebhookDeliveriesTable;
}
