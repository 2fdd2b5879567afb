// How the workflow calls its activities (emails: outbox.ts), chosen for cost as much as for safety:
// Temporal Cloud bills one Action per scheduled activity but one per *batch* of local activities in
// a workflow task. So the quick steps (prepare, the payment check) run locally, in the same task,
// and only what must survive long outages (the apply) gets a durable activity.
import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PlangateActivities } from '../activities/index.js';
import { RequestErrorType } from './request-errors.js';
import type { RequestPolicy } from './request-policy.js';

export const { prepareRequest, checkPaymentMethod } = proxyLocalActivities<PlangateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: Object.values(RequestErrorType) },
});

export function applyActivity(policy: RequestPolicy) {
  return proxyActivities<PlangateActivities>({
    // One database transaction plus a confirmation attempt: a worker that dies mid-apply is noticed
    // (and the apply retried elsewhere) after this long.
    startToCloseTimeout: '20 seconds',
    retry: {
      initialInterval: '1 second',
      maximumInterval: '30 seconds',
      maximumAttempts: policy.applyMaxAttempts,
      nonRetryableErrorTypes: [RequestErrorType.SubscriptionVersionConflict],
    },
  }).applyApprovedChange;
}
