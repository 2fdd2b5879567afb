export { PlangateClient, workflowIdFor, toPlangateError } from './plangate-client.js';
export type {
  SubmitChangeRequest,
  RequestSummary,
  ListRequestsFilter,
  PlangateClientOptions,
} from './plangate-client.js';
export { PlangateError } from './plangate-error.js';
export type * from '../workflows/messages.js';
