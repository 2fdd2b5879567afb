// How the workflow calls its activities, chosen for cost as much as for safety: Temporal Cloud bills
// one Action per scheduled activity but one per *batch* of local activities in a workflow task. So
// the quick steps (prepare, a first attempt at each send) run locally, in the same task, and only
// what must survive long outages (a relay that is down, the apply) gets a durable activity.
import { log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { PlangateActivities, SendRequestEmailsInput } from '../activities/index.js';
import { RequestErrorType } from './request-errors.js';
import type { RequestPolicy } from './request-policy.js';

export const { prepareRequest, checkPaymentMethod } = proxyLocalActivities<PlangateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumAttempts: 5, nonRetryableErrorTypes: Object.values(RequestErrorType) },
});

const quickMail = proxyLocalActivities<PlangateActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 2, initialInterval: '500 milliseconds' },
});

const durableMail = proxyActivities<PlangateActivities>({
  startToCloseTimeout: '1 minute',
  // An SMTP relay that is down must not lose mail: keep trying, slowly, for as long as it takes.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * Where the workflow's emails go. Each batch is tried at once (locally, in the current task); if
 * the relay does not take it, a durable activity keeps retrying in the background while the request
 * moves on: an email outage must not hold up an approval. The run ends only when the outbox drained.
 */
export class Outbox {
  private readonly retrying: Promise<unknown>[] = [];

  async send(input: SendRequestEmailsInput): Promise<void> {
    try {
      await quickMail.sendRequestEmails(input);
    } catch {
      log.warn('email relay not answering; retrying in the background', { requestId: input.view.requestId });
      this.retrying.push(durableMail.sendRequestEmails(input));
    }
  }

  /** Resolves once every email handed to the background retries has gone out. */
  async drained(): Promise<void> {
    await Promise.all(this.retrying);
  }
}

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
