import { ApplicationFailure } from '@temporalio/activity';
import { addInterval, quote } from './pricing/index.js';
import type { QuotePolicy } from './pricing/types.js';
import type { Member, Subscription } from './store/types.js';
import type { ActivityDeps } from './deps.js';
import { parseChangeSet } from './change-set-schema.js';
import { RequestErrorType, type FieldProblem } from '../workflows/request-errors.js';
import type { PreparedRequest } from '../workflows/request-state.js';
import type { PersonView } from '../workflows/messages.js';

export interface PrepareRequestInput {
  accountId: string;
  requestedBy: string;
  changes: unknown;
  /** The workflow's clock: the instant the change is priced at. */
  at: string;
  quotePolicy: Partial<QuotePolicy>;
}

/** Only the owner and billing admins approve (Zendesk); a requester never approves their own request. */
const approverRoles: ReadonlySet<Member['role']> = new Set(['owner', 'billing_admin']);

export function prepareRequestActivity({ store, catalog }: ActivityDeps) {
  return async function prepareRequest(input: PrepareRequestInput): Promise<PreparedRequest> {
    const changes = parseChangeSet(input.changes);
    if (!changes.ok) throw invalid('The requested change is not valid', changes.problems);

    const snapshot = await store.loadAccount(input.accountId);
    if (!snapshot) throw refuse(RequestErrorType.UnknownAccount, `Unknown account ${input.accountId}`);

    const requester = snapshot.members.find((m) => m.userId === input.requestedBy);
    if (!requester) {
      throw refuse(
        RequestErrorType.ForbiddenRole,
        `${input.requestedBy} is not a member of account ${input.accountId}`,
      );
    }
    if (approverRoles.has(requester.role)) {
      throw refuse(
        RequestErrorType.ForbiddenRole,
        `${input.requestedBy} has billing rights (${requester.role}) and changes the subscription directly, without a request`,
      );
    }
    if (requester.role !== 'admin') {
      throw refuse(
        RequestErrorType.ForbiddenRole,
        `Only account admins can request subscription changes, not ${requester.role}s`,
      );
    }

    const subscription = snapshot.subscriptions[0];
    if (!subscription)
      throw invalid('The account has no subscription to change', [
        { field: 'changes', message: 'the account has no subscription' },
      ]);

    const approvers = snapshot.members.filter(
      (m) => approverRoles.has(m.role) && m.userId !== requester.userId,
    );
    if (approvers.length === 0) {
      throw refuse(
        RequestErrorType.NoApprovers,
        `Account ${input.accountId} has no owner or billing admin to approve`,
      );
    }

    let priced;
    try {
      priced = quote({
        catalog,
        customer: { country: snapshot.account.country, vatId: snapshot.account.vatId },
        subscription: inCurrentPeriod(subscription, input.at),
        subscribedProducts: snapshot.subscriptions.map((s) => s.product),
        change: changes.value,
        at: input.at,
        policy: input.quotePolicy,
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

    return {
      requester: person(requester),
      approvers: approvers.map(person),
      quote: priced,
      paymentMethodOnFile: snapshot.account.paymentMethod.onFile,
    };
  };
}

export function checkPaymentMethodActivity({ store }: ActivityDeps) {
  /** A fresh read: the owner may have added a payment method after the quote. */
  return async function checkPaymentMethod(accountId: string): Promise<boolean> {
    const snapshot = await store.loadAccount(accountId);
    return snapshot?.account.paymentMethod.onFile ?? false;
  };
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

function person(member: Member): PersonView {
  return { userId: member.userId, name: member.name, role: member.role };
}

function refuse(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function invalid(message: string, problems: FieldProblem[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: RequestErrorType.InvalidChange,
    message,
    nonRetryable: true,
    details: [{ problems }],
  });
}
