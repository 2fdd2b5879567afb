import type { RequestEvent } from './store/event-types.js';
import type { ActivityDeps } from './deps.js';
import {
  sendRequestEmailsWith,
  type SendRequestEmailsInput,
  type SendRequestEmailsResult,
} from './send-request-emails.js';

export interface AnnounceInput extends SendRequestEmailsInput {
  /** The events of the transitions being announced, built by the workflow (docs/events.md). */
  events?: RequestEvent[];
  /** The run that holds the request; with it the request's view is stored (the read model). */
  run?: { workflowId: string; runId: string };
}

export function announceActivity(deps: ActivityDeps) {
  /**
   * Makes a transition known: first the store (the request's view for every reader, and the events
   * for the webhook outbox, in one transaction), then the emails. A retry after a mail failure
   * stores the same view and events again, which changes nothing.
   */
  return async function announce(input: AnnounceInput): Promise<SendRequestEmailsResult> {
    if (input.run) {
      await deps.store.recordRequestUpdate({ view: input.view, events: input.events ?? [], run: input.run });
    }
    if (input.emails.length === 0) return { sent: 0, skipped: 0, refused: 0 };
    return sendRequestEmailsWith(deps, input);
  };
}
