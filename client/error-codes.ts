// Every error code a Plangate caller can meet, with its HTTP status: the workflow's and activities'
// refusals (workflows/request-errors.ts) and the ones only the client layer raises. One map, typed
// over all of them, so a new code without a status does not compile. The CLI's exit codes follow
// the status (client/cli/exit-codes.ts).
import { RequestErrorType } from '../workflows/request-errors.js';

export const ClientErrorCode = {
  /** The body, a query string or an id is malformed: `problems` names the fields. */
  InvalidInput: 'INVALID_INPUT',
  /** Missing or wrong API token. */
  Unauthorized: 'UNAUTHORIZED',
  /** The account exists but has no subscription. */
  NoSubscription: 'NO_SUBSCRIPTION',
  /** No such request for this account. */
  RequestNotFound: 'REQUEST_NOT_FOUND',
  /** The account already has an open request; `openRequestId` names it. */
  RequestAlreadyOpen: 'REQUEST_ALREADY_OPEN',
  /** No worker took the Update in time: nothing was recorded. */
  NotRecorded: 'NOT_RECORDED',
  /** No worker answered a read in time. */
  TemporarilyUnavailable: 'TEMPORARILY_UNAVAILABLE',
  /** The Temporal frontend cannot be reached at all. */
  TemporalUnreachable: 'TEMPORAL_UNREACHABLE',
  /** Temporal failed the call for a reason of its own. */
  TemporalError: 'TEMPORAL_ERROR',
  /** This client was built without access to the billing store. */
  NotConfigured: 'NOT_CONFIGURED',
  /** No such member in this account (a delegation's approver). */
  MemberNotFound: 'MEMBER_NOT_FOUND',
  /** The approval policy cannot be stored: `problems` names the fields and why. */
  InvalidApprovalPolicy: 'INVALID_APPROVAL_POLICY',
  /** The delegation cannot be stored: `problems` names the fields and why. */
  InvalidDelegation: 'INVALID_DELEGATION',
  /** No webhook endpoint with this id. */
  WebhookEndpointNotFound: 'WEBHOOK_ENDPOINT_NOT_FOUND',
  /** No event with this id (redelivery). */
  WebhookEventNotFound: 'WEBHOOK_EVENT_NOT_FOUND',
  /** The endpoint was disabled after failing too long: enable it before redelivering. */
  WebhookEndpointDisabled: 'WEBHOOK_ENDPOINT_DISABLED',
} as const;

export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];
export type ErrorCode = RequestErrorType | ClientErrorCode;

export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  [RequestErrorType.UnknownAccount]: 404,
  [RequestErrorType.ForbiddenRole]: 403,
  [RequestErrorType.InvalidChange]: 400,
  [RequestErrorType.NoApprovers]: 409,
  [RequestErrorType.NotOpen]: 409,
  [RequestErrorType.NotAnApprover]: 403,
  [RequestErrorType.StaleLink]: 409,
  [RequestErrorType.InvalidDecision]: 400,
  // 402 Payment Required: nothing is wrong with the request, the account lacks a payment method.
  [RequestErrorType.PaymentMethodRequired]: 402,
  [RequestErrorType.DecisionTooLate]: 503,
  [RequestErrorType.Unavailable]: 503,
  [RequestErrorType.SubscriptionVersionConflict]: 409,
  [RequestErrorType.ApplyFailed]: 409,
  [ClientErrorCode.InvalidInput]: 400,
  [ClientErrorCode.Unauthorized]: 401,
  [ClientErrorCode.NoSubscription]: 404,
  [ClientErrorCode.RequestNotFound]: 404,
  [ClientErrorCode.RequestAlreadyOpen]: 409,
  [ClientErrorCode.NotRecorded]: 503,
  [ClientErrorCode.TemporarilyUnavailable]: 503,
  [ClientErrorCode.TemporalUnreachable]: 503,
  [ClientErrorCode.TemporalError]: 503,
  [ClientErrorCode.NotConfigured]: 503,
  [ClientErrorCode.MemberNotFound]: 404,
  [ClientErrorCode.InvalidApprovalPolicy]: 400,
  [ClientErrorCode.InvalidDelegation]: 400,
  [ClientErrorCode.WebhookEndpointNotFound]: 404,
  [ClientErrorCode.WebhookEventNotFound]: 404,
  [ClientErrorCode.WebhookEndpointDisabled]: 409,
};

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(httpStatusOf, code);
}
