import type { QuotePolicy, Quote, Route } from './pricing/types.js';
import { defaultApprovalPolicy, type ApprovalPlan, type ApprovalPolicy } from './store/policy-types.js';
import { resolveApprovalPlan } from './approval-policy.js';
import type { Member } from './store/types.js';
import { approversAmong, mayApprove } from './store/roles.js';
import type { ActivityDeps } from './deps.js';
import { loadAccount, priceChange, primarySubscription, validChanges } from './quote-change.js';
import { RequestErrorType, refusal } from '../workflows/request-errors.js';
import type { PersonView } from '../workflows/messages.js';

export interface PrepareRequestInput {
  accountId: string;
  requestedBy: string;
  changes: unknown;
  /** The workflow's clock: the instant the change is priced at. */
  at: string;
  quotePolicy: Partial<QuotePolicy>;
  /**
   * The approval policy the request was submitted under: a re-quote resolves its plan from it, not
   * from whatever the account's policy has become since. Absent: the account's, else the default.
   */
  approvalPolicy?: ApprovalPolicy;
}

/** What the prepare step found out; the workflow keeps it as the request's quote and approvers. */
export interface PreparedRequest {
  requester: PersonView;
  approvers: PersonView[];
  quote: Quote;
  /** False when the account has no payment method on file at the time of the quote. */
  paymentMethodOnFile: boolean;
  /**
   * Who must agree, stage by stage, under the account's approval policy (absent in requests
   * prepared before policies: everyone in `approvers` decides alone).
   */
  plan?: ApprovalPlan;
  /** The policy `plan` was resolved from, kept by the request for its re-quotes. */
  policy?: ApprovalPolicy;
}

export function prepareRequestActivity(
  deps: Pick<ActivityDeps, 'store' | 'catalog' | 'defaultApprovalPolicy'>,
) {
  /**
   * Loads the account, checks who asks, finds who approves and prices the change. Refusals are
   * non-retryable failures the caller sees as 400/403/404/409 (client/error-codes.ts).
   */
  return async function prepareRequest(input: PrepareRequestInput): Promise<PreparedRequest> {
    const changes = validChanges(input.changes);
    const snapshot = await loadAccount(deps.store, input.accountId);

    const requester = snapshot.members.find((m) => m.userId === input.requestedBy);
    if (!requester) {
      throw refusal(
        RequestErrorType.ForbiddenRole,
        `${input.requestedBy} is not a member of account ${input.accountId}`,
      );
    }
    // Owners and billing admins change the subscription themselves: their submission is the
    // decision (Zendesk's "Abonnement aktualisieren", GoTo's billing contact), on the same path.
    const direct = mayApprove(requester.role);
    if (!direct && requester.role !== 'admin') {
      throw refusal(
        RequestErrorType.ForbiddenRole,
        `Only account admins, owners and billing admins can change the subscription, not ${requester.role}s`,
      );
    }

    const subscription = primarySubscription(snapshot);
    // A requester never approves their own request, whatever their role becomes.
    const approvers = direct
      ? []
      : approversAmong(snapshot.members).filter((m) => m.userId !== requester.userId);
    if (!direct && approvers.length === 0) {
      throw refusal(
        RequestErrorType.NoApprovers,
        `Account ${input.accountId} has no owner or billing admin to approve`,
      );
    }

    const priced = priceChange(deps.catalog, snapshot, subscription, changes, input);
    const paymentMethodOnFile = snapshot.account.paymentMethod.onFile;
    if (direct && priced.paymentMethodRequired && !paymentMethodOnFile) {
      // Nothing is opened or written: the owner adds a payment method and submits again.
      throw refusal(
        RequestErrorType.PaymentMethodRequired,
        'This change raises the price: add a payment method to the account first',
      );
    }
    if (direct) {
      return {
        requester: person(requester),
        approvers: [],
        quote: { ...priced, route: directRoute(priced.route) },
        paymentMethodOnFile,
      };
    }
    // Who must agree: the account's policy (or the deployment's default), resolved for this
    // requester and this quote's total; the request keeps this plan whatever changes later.
    const policy =
      input.approvalPolicy ?? snapshot.approvalPolicy ?? deps.defaultApprovalPolicy ?? defaultApprovalPolicy;
    const plan = resolveApprovalPlan({
      policy,
      members: snapshot.members,
      requesterId: requester.userId,
      quote: priced,
    });
    return {
      requester: person(requester),
      // Everyone who may decide, stage by stage (the first stage's are asked now).
      approvers: [...new Map(plan.stages.flatMap((s) => s.approvers).map((a) => [a.userId, a])).values()],
      quote: priced,
      paymentMethodOnFile,
      plan,
      policy,
    };
  };
}

export function checkPaymentMethodActivity({ store }: Pick<ActivityDeps, 'store'>) {
  /** A fresh read: the owner may have added a payment method after the quote. */
  return async function checkPaymentMethod(accountId: string): Promise<boolean> {
    const snapshot = await store.loadAccount(accountId);
    return snapshot?.account.paymentMethod.onFile ?? false;
  };
}

/** The support review of a downgrade still follows a direct change where the policy routes it so. */
function directRoute(route: Route): Route {
  return route === 'approval_then_support_review' ? 'direct_then_support_review' : 'direct';
}

function person(member: Member): PersonView {
  return { userId: member.userId, name: member.name, role: member.role };
}
