// The one path from "this account wants this change" to a priced quote. The workflow's prepare step,
// `plangate quote` and every preview price through it, so a preview is exactly the quote a
// submission gets at that instant. Refusals are typed failures (request-errors.ts), whoever asks.
import { addInterval, quote } from './pricing/index.js';
import type { Catalog, ChangeSet, Quote, QuotePolicy } from './pricing/types.js';
import type { AccountSnapshot, BillingStore, Subscription } from './store/types.js';
import { parseChangeSet } from './change-set-schema.js';
import { RequestErrorType, refusal, type FieldProblem } from '../workflows/request-errors.js';

export interface QuoteChangeInput {
  accountId: string;
  /** As the caller sent it: validated here. */
  changes: unknown;
  /** The instant the change is priced at (ISO 8601). */
  at: string;
  quotePolicy?: Partial<QuotePolicy>;
}

export interface QuotedChange {
  snapshot: AccountSnapshot;
  changes: ChangeSet;
  quote: Quote;
}

/** Validates and prices a change for an account: the preview of `plangate quote` and the quotes endpoint. */
export async function quoteChange(
  deps: { store: Pick<BillingStore, 'loadAccount'>; catalog: Catalog },
  input: QuoteChangeInput,
): Promise<QuotedChange> {
  const changes = validChanges(input.changes);
  const snapshot = await loadAccount(deps.store, input.accountId);
  const subscription = primarySubscription(snapshot);
  return { snapshot, changes, quote: priceChange(deps.catalog, snapshot, subscription, changes, input) };
}

export function validChanges(raw: unknown): ChangeSet {
  const changes = parseChangeSet(raw);
  if (!changes.ok) throw invalid('The requested change is not valid', changes.problems);
  return changes.value;
}

export async function loadAccount(
  store: Pick<BillingStore, 'loadAccount'>,
  accountId: string,
): Promise<AccountSnapshot> {
  const snapshot = await store.loadAccount(accountId);
  if (!snapshot) throw refusal(RequestErrorType.UnknownAccount, `Unknown account ${accountId}`);
  return snapshot;
}

export function primarySubscription(snapshot: AccountSnapshot): Subscription {
  const subscription = snapshot.subscriptions[0];
  if (!subscription) {
    throw invalid('The account has no subscription to change', [
      { field: 'changes', message: 'the account has no subscription' },
    ]);
  }
  return subscription;
}

export function priceChange(
  catalog: Catalog,
  snapshot: AccountSnapshot,
  subscription: Subscription,
  changes: ChangeSet,
  { at, quotePolicy }: Pick<QuoteChangeInput, 'at' | 'quotePolicy'>,
): Quote {
  try {
    return quote({
      catalog,
      customer: { country: snapshot.account.country, vatId: snapshot.account.vatId },
      subscription: inCurrentPeriod(subscription, at),
      subscribedProducts: snapshot.subscriptions.map((s) => s.product),
      change: changes,
      at,
      ...(quotePolicy ? { policy: quotePolicy } : {}),
    });
  } catch (error) {
    const problems = (error as { problems?: FieldProblem[] }).problems;
    const code = (error as { code?: string }).code;
    if (problems) throw invalid('The requested change is not valid', problems);
    if (code)
      throw invalid('The requested change cannot be priced', [
        { field: 'changes', message: (error as Error).message },
      ]);
    throw error;
  }
}

/**
 * Plangate changes subscriptions but does not renew them: that is the vendor's billing system's job.
 * When the stored period has lapsed (renewal not yet written back), price against the period that
 * contains `at`, stepping whole intervals from the stored anchor.
 */
export function inCurrentPeriod(subscription: Subscription, at: string): Subscription {
  const atMs = Date.parse(at);
  let start = Date.parse(subscription.periodStart);
  let end = Date.parse(subscription.periodEnd);
  const anchorDay = new Date(start).getUTCDate();
  for (let steps = 0; end <= atMs && steps < 1200; steps++) {
    start = end;
    end = addInterval(start, subscription.interval, anchorDay);
  }
  if (start === Date.parse(subscription.periodStart)) return subscription;
  return {
    ...subscription,
    periodStart: new Date(start).toISOString(),
    periodEnd: new Date(end).toISOString(),
  };
}

function invalid(message: string, problems: FieldProblem[]) {
  return refusal(RequestErrorType.InvalidChange, message, problems);
}
