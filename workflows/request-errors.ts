// Why a request refused something. These types cross the Temporal boundary as ApplicationFailure
// `type`s, so workflows, activities and clients share one list; the HTTP status of each is in
// client/error-codes.ts (checked there against this list by the type system).
import { ApplicationFailure } from '@temporalio/common';

export const RequestErrorType = {
  /** The account does not exist. */
  UnknownAccount: 'UNKNOWN_ACCOUNT',
  /** The requester is not an admin of the account, or has billing rights of their own. */
  ForbiddenRole: 'FORBIDDEN_ROLE',
  /** The change is invalid: details carry `problems: {field, message}[]`. */
  InvalidChange: 'INVALID_CHANGE',
  /** The account has nobody who may approve. */
  NoApprovers: 'NO_APPROVERS',
  /** The decision or cancellation does not fit the request's state. */
  NotOpen: 'REQUEST_NOT_OPEN',
  /** The caller may not decide (or cancel) this request. */
  NotAnApprover: 'NOT_AN_APPROVER',
  /** A link from an earlier round or one already used (the web shows the neutral page). */
  StaleLink: 'STALE_LINK',
  /** A reject without a reason, and other bad decision input. */
  InvalidDecision: 'INVALID_DECISION',
  /** The price goes up and the account has no payment method on file. */
  PaymentMethodRequired: 'PAYMENT_METHOD_REQUIRED',
  /** The decision reached the workflow after its caller had stopped waiting; nothing was recorded. */
  DecisionTooLate: 'DECISION_TOO_LATE',
  /** The store could not be reached while preparing; nothing was opened. */
  Unavailable: 'UNAVAILABLE',
  /** The subscription changed since the quote: apply refuses, the workflow re-quotes. */
  SubscriptionVersionConflict: 'SUBSCRIPTION_VERSION_CONFLICT',
  /** The approved change could not be applied (or no longer validates); support is told. */
  ApplyFailed: 'APPLY_FAILED',
} as const;

export type RequestErrorType = (typeof RequestErrorType)[keyof typeof RequestErrorType];

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The one way a refusal is built, in the workflow and in activities alike: non-retryable, with the
 * field problems (if any) as its only detail, where `problemsOf` finds them again.
 */
export function refusal(
  type: RequestErrorType,
  message: string,
  problems?: FieldProblem[],
): ApplicationFailure {
  return ApplicationFailure.create({
    type,
    message,
    nonRetryable: true,
    details: problems ? [{ problems }] : [],
  });
}

/** The field problems a refusal carries. */
export function problemsOf(failure: ApplicationFailure | undefined): FieldProblem[] | undefined {
  return (failure?.details?.[0] as { problems?: FieldProblem[] } | undefined)?.problems;
}
