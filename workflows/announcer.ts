// The one step after every transition: it makes the new state known. The search attributes follow
// first (ids and states: the Temporal Web UI finds the request by them), then one local activity
// stores the request's view (the read model every reader uses) with the events of the transition
// (the webhook outbox) and sends the emails. The apply stores its own transition in its transaction.
import { patched, workflowInfo } from '@temporalio/workflow';
import type { ApplyApprovedChangeInput, EmailRequest } from '../activities/index.js';
import { Outbox } from './outbox.js';
import type { ChangeRequest } from './request-state.js';
import { statusView } from './request-view.js';
import { StatusIndex } from './status-index.js';

export class Announcer {
  readonly outbox: Outbox;
  private readonly index: StatusIndex;
  /** Runs started before announcements stored views and events replay as they ran: emails only. */
  readonly legacy: boolean;

  constructor(private readonly request: ChangeRequest) {
    this.legacy = !patched('announce-to-store');
    this.index = new StatusIndex(request.input.indexedChangeKinds);
    this.outbox = new Outbox(() => this.legacy);
  }

  async announce(emails: EmailRequest[], sequence?: number): Promise<void> {
    const { request } = this;
    this.index.update(request);
    const events = this.legacy ? [] : request.takeEvents();
    // Nothing new to store or send (a refusal, or an apply that stored and confirmed itself): no
    // activity, no Action.
    if (emails.length === 0 && events.length === 0) return;
    await this.outbox.send({
      emails,
      round: request.round,
      sequence,
      view: statusView(request),
      ...(this.legacy ? {} : { events, run: run() }),
    });
  }

  /** What the apply stores: the transitions that led to it, and the sequence of its `applied` event. */
  forApply(): ApplyApprovedChangeInput['announce'] {
    if (this.legacy) return undefined;
    return {
      events: this.request.takeEvents(),
      appliedSequence: this.request.reserveAppliedSequence(),
      run: run(),
    };
  }

  drained(): Promise<void> {
    return this.outbox.drained();
  }
}

function run(): { workflowId: string; runId: string } {
  const { workflowId, runId } = workflowInfo();
  return { workflowId, runId };
}
