// Where the workflow's announcements go (the request's view and events for the store, then the
// emails). Each is tried at once, as a local activity in the current workflow task (Temporal Cloud
// bills one Action per task's batch of local activities, not per activity); if it does not go
// through (a relay or the store is down), a durable activity keeps retrying in the background while
// the request moves on: an outage must not hold up an approval. The run ends only once the outbox
// has drained.
import { log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { AnnounceInput, PlangateActivities } from '../activities/index.js';

const quickMail = proxyLocalActivities<PlangateActivities>({
  startToCloseTimeout: '20 seconds',
  retry: { maximumAttempts: 2, initialInterval: '500 milliseconds' },
});

/** Retry timing of the background sends; tests derive their quiet periods from it. */
export const durableMailRetry = {
  initialInterval: '2 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
} as const;

const durableMail = proxyActivities<PlangateActivities>({
  startToCloseTimeout: '1 minute',
  // An SMTP relay that is down must not lose mail: keep trying, slowly, for as long as it takes.
  retry: durableMailRetry,
});

export class Outbox {
  private readonly retrying: Promise<unknown>[] = [];

  /**
   * @param legacy a run started before announcements stored views and events: it calls the activity
   * by its old name, as its history recorded.
   */
  constructor(private readonly legacy: () => boolean) {}

  async send(input: AnnounceInput): Promise<void> {
    const name = this.legacy() ? 'sendRequestEmails' : 'announce';
    try {
      await quickMail[name](input);
    } catch {
      log.warn('announcement not delivered; retrying in the background', { requestId: input.view.requestId });
      this.retrying.push(durableMail[name](input));
    }
  }

  /** Resolves once every email handed to the background retries has gone out. */
  async drained(): Promise<void> {
    await Promise.all(this.retrying);
  }
}
