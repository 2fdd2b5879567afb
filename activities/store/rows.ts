// Rows to domain objects: bigint money to numbers, timestamps to ISO 8601 UTC strings.
import type { Selectable } from 'kysely';
import type { Line, Locale } from '../pricing/types.js';
import type { Account, Invoice, Member, Role, SentEmail, Subscription } from './types.js';
import type {
  AccountsTable,
  InvoiceLinesTable,
  InvoicesTable,
  MembersTable,
  SentEmailsTable,
  SubscriptionsTable,
} from './schema.js';

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** bigint columns come back as strings from pg and as numbers or bigints from PGlite. */
export function money(value: string | number | bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`Amount ${String(value)} is outside the safe integer range`);
  return n;
}

export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

export function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    accountId: row.account_id,
    name: row.name,
    country: row.country,
    vatId: row.vat_id,
    currency: row.currency,
    locale: row.locale as Locale,
    paymentMethod: { onFile: row.payment_method_on_file, label: row.payment_method_label },
  };
}

export function toMember(row: Selectable<MembersTable>): Member {
  return {
    userId: row.user_id,
    accountId: row.account_id,
    name: row.name,
    email: row.email,
    locale: row.locale as Locale,
    role: row.role as Role,
  };
}

export function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  return {
    subscriptionId: row.subscription_id,
    accountId: row.account_id,
    product: row.product,
    plan: row.plan,
    seats: row.seats,
    contactLimit: row.contact_limit,
    addOns: json<string[]>(row.add_ons),
    interval: row.interval as Subscription['interval'],
    currency: row.currency,
    status: row.status as Subscription['status'],
    periodStart: iso(row.period_start),
    periodEnd: iso(row.period_end),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

export function toLine(row: Selectable<InvoiceLinesTable>): Line {
  return {
    kind: row.kind as Line['kind'],
    itemId: row.item_id,
    amountMinor: money(row.amount_minor),
    ...(row.quantity !== null ? { quantity: row.quantity } : {}),
    ...(row.unit_amount_minor !== null ? { unitAmountMinor: money(row.unit_amount_minor) } : {}),
    servicePeriodStart: iso(row.service_period_start),
    servicePeriodEnd: iso(row.service_period_end),
    description: row.description,
  };
}

export function toInvoice(row: Selectable<InvoicesTable>, lines: Selectable<InvoiceLinesTable>[]): Invoice {
  return {
    invoiceId: row.invoice_id,
    accountId: row.account_id,
    requestId: row.request_id,
    currency: row.currency,
    lines: lines.sort((a, b) => a.position - b.position).map(toLine),
    subtotalMinor: money(row.subtotal_minor),
    taxMinor: money(row.tax_minor),
    totalMinor: money(row.total_minor),
    notes: json<string[]>(row.notes),
    issuedAt: iso(row.issued_at),
  };
}

export function toSentEmail(row: Selectable<SentEmailsTable>): SentEmail {
  return {
    requestId: row.request_id,
    kind: row.kind,
    recipient: row.recipient,
    messageId: row.message_id,
    sentAt: iso(row.sent_at),
  };
}
