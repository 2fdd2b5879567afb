// The typed client library (package export `plangate/client`).
export { PlangateClient } from './plangate-client.js';
export type { SubmitChangeRequest, PlangateClientOptions } from './plangate-client.js';
export type { QuoteRequest } from './quote-preview.js';
export type { RequestSummary, ListRequestsFilter } from './request-listing.js';
export { workflowIdFor } from './request-ids.js';
export { toPlangateError } from './temporal-errors.js';
export { PlangateError } from './plangate-error.js';
export { httpStatusOf, ClientErrorCode, type ErrorCode } from './error-codes.js';
export { RequestErrorType } from '../workflows/request-errors.js';
export type * from '../workflows/messages.js';
