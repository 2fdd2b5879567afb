export {
  openBillingStore,
  billingStoreConfigFromEnv,
  redact,
  type BillingStoreConfig,
} from './open-store.js';
export { KyselyBillingStore, type ApplyFaultStep, type FaultInjector } from './kysely-billing-store.js';
export { demoCatalogIds } from './seed.js';
export * from './types.js';
export { accountSubscriptionView, type AccountSubscriptionView } from './account-view.js';
export { mayApprove, approversAmong } from './roles.js';
export { insertRequestEvents } from './request-events.js';
export {
  requestEventId,
  requestEventTypes,
  type RequestEvent,
  type RequestEventType,
} from './event-types.js';
