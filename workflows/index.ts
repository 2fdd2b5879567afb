// The workflow bundle's entry point: every workflow type the worker registers.
export { subscriptionChangeRequest } from './subscription-change-request.js';
