// Error types that cross the Temporal boundary as ApplicationFailure `type`s. The client library maps
// them to HTTP statuses; they are plain strings so workflows, activities and clients share them.

export const RequestErrorType = {
  /** The account does not exist (404). */
  UnknownAccount: 'UNKNOWN_ACCOUNT',
  /** The requester is not an admin of the account, or has billing rights of their own (403). */
  ForbiddenRole: 'FORBIDDEN_ROLE',
  /** The change is invalid: details carry `problems: {field, message}[]` (400). */
  InvalidChange: 'INVALID_CHANGE',
  /** The account has nobody who may approve (409). */
  NoApprovers: 'NO_APPROVERS',
  /** The decision or cancellation does not fit the request's state (409). */
  NotOpen: 'REQUEST_NOT_OPEN',
  /** The caller may not decide this request (403). */
  NotAnApprover: 'NOT_AN_APPROVER',
  /** A link from an earlier round or one already used (409; the web shows the neutral page). */
  StaleLink: 'STALE_LINK',
  /** A reject without a reason, and other bad decision input (400). */
  InvalidDecision: 'INVALID_DECISION',
  /** The price goes up and the account has no payment method on file (409). */
  PaymentMethodRequired: 'PAYMENT_METHOD_REQUIRED',
  /** The decision reached the workflow after its caller had stopped waiting; nothing was recorded (503). */
  DecisionTooLate: 'DECISION_TOO_LATE',
  /** The store could not be reached while preparing; nothing was opened (503). */
  Unavailable: 'UNAVAILABLE',
  /** The subscription changed since the quote: apply refuses, the workflow re-quotes. */
  SubscriptionVersionConflict: 'SUBSCRIPTION_VERSION_CONFLICT',
} as const;

export type RequestErrorType = (typeof RequestErrorType)[keyof typeof RequestErrorType];

export interface FieldProblem {
  field: string;
  message: string;
}
