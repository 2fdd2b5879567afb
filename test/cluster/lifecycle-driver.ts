// Request life cycles through the public HTTP API while a fault happens, and the checks that
// nothing was lost or done twice. Each account is a lane: the admin submits a seat increase, the
// owner approves it through the decision endpoint once the approval email has arrived, the
// confirmation emails arrive, the run closes, and the lane's next request starts.
import { expect } from 'chai';
import { workflowIdFor } from '../../client/request-ids.js';
import { isMail, SeatLadder } from '../../bench/lifecycles.js';
import type { DevMail } from '../../activities/mailer/index.js';
import type { ClusterTopology } from './topology.js';

export interface DrivenRequest {
  accountId: string;
  requestId: string;
  seats: number;
}

/** Generous: a fault (a worker's tasks timing out, a node's shards moving) delays, never fails. */
const stepTimeoutMs = 120_000;

export class LifecycleDriver {
  readonly requests: DrivenRequest[] = [];
  private applied = 0;
  private readonly waiters: Array<{ count: () => number; target: number; resolve: () => void }> = [];

  constructor(
    private readonly topology: ClusterTopology,
    private readonly ladder = new SeatLadder(),
  ) {}

  /** Runs `perAccount` life cycles on each account, lanes in parallel; resolves when all closed. */
  async run(accounts: string[], perAccount: number): Promise<DrivenRequest[]> {
    await Promise.all(
      accounts.map(async (accountId) => {
        for (let i = 0; i < perAccount; i++) await this.lifecycle(accountId);
      }),
    );
    return this.requests;
  }

  /** Resolves once `count` requests of this driver have been accepted (HTTP 201). */
  submitted(count: number): Promise<void> {
    return this.when(() => this.requests.length, count);
  }

  /** Resolves once `count` requests of this driver have been confirmed by email. */
  confirmed(count: number): Promise<void> {
    return this.when(() => this.applied, count);
  }

  get confirmedCount(): number {
    return this.applied;
  }

  private when(count: () => number, target: number): Promise<void> {
    if (count() >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, target, resolve }));
  }

  private progress(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.count() < waiter.target) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  private async lifecycle(accountId: string): Promise<void> {
    const { http, sink, temporal } = this.topology;
    const seats = this.ladder.next(accountId);
    const base = `/api/v1/accounts/${accountId}/change-requests`;
    const submitted = await http.post(base, { requestedBy: 'admin', changes: { seats } });
    let requestId: string;
    if (submitted.status === 201) requestId = submitted.body.requestId as string;
    // The first attempt reached a web server that died before it answered: the request it opened
    // is the one named as open (what a host app does with a retried submission).
    else if (submitted.status === 409 && submitted.retried && submitted.body.openRequestId)
      requestId = submitted.body.openRequestId as string;
    else throw new Error(`submit ${accountId}: HTTP ${submitted.status} ${JSON.stringify(submitted.body)}`);
    this.requests.push({ accountId, requestId, seats });
    this.progress();

    await sink.waitFor(
      (m) => isMail(m, requestId, 'approval_request', `owner@${accountId}.example`),
      stepTimeoutMs,
    );
    const decided = await http.post(`${base}/${requestId}/decision`, {
      approverId: 'owner',
      decision: 'approve',
    });
    // A retried decision finds it already recorded by the attempt whose connection broke.
    if (decided.status !== 200 && !(decided.status === 409 && decided.retried))
      throw new Error(`approve ${requestId}: HTTP ${decided.status} ${JSON.stringify(decided.body)}`);

    for (const member of ['owner', 'admin'])
      await sink.waitFor(
        (m) => isMail(m, requestId, 'confirmation', `${member}@${accountId}.example`),
        stepTimeoutMs,
      );
    // The account is free for its next request once this run has closed.
    await temporal.workflow.getHandle(workflowIdFor(accountId)).result();
    this.applied++;
    this.progress();
  }
}

/**
 * What must hold after a fault: every accepted request applied exactly once (one invoice, the
 * account's seats where its last request put them), one confirmation per recipient, every run
 * closed, and no 5xx answer from any web server.
 */
export async function expectExactlyOnce(topology: ClusterTopology, requests: DrivenRequest[]): Promise<void> {
  const { store, sink, temporal, http } = topology;
  const accounts = [...new Set(requests.map((r) => r.accountId))];
  for (const accountId of accounts) {
    const mine = requests.filter((r) => r.accountId === accountId);
    const invoices = (await store.listInvoices(accountId)).map((invoice) => invoice.requestId).sort();
    expect(invoices, `invoices of ${accountId}`).to.deep.equal(mine.map((r) => r.requestId).sort());
    const subscription = (await store.loadAccount(accountId))!.subscriptions[0]!;
    expect(subscription.seats, `seats of ${accountId}`).to.equal(Math.max(...mine.map((r) => r.seats)));
  }
  for (const { accountId, requestId } of requests) {
    expect(await store.getAppliedChange(requestId), `applied change of ${requestId}`).to.not.equal(null);
    const messages = messagesOf(sink.messages(), requestId);
    expect(messages.get('confirmation'), `confirmations of ${requestId}`).to.deep.equal(
      new Map([
        [`admin@${accountId}.example`, 1],
        [`owner@${accountId}.example`, 1],
      ]),
    );
    for (const [kind, recipients] of messages)
      for (const [recipient, count] of recipients)
        expect(count, `${kind} messages to ${recipient} of ${requestId}`).to.equal(1);
  }
  const runs = await Promise.all(
    accounts.map((accountId) => temporal.workflow.getHandle(workflowIdFor(accountId)).describe()),
  );
  expect(runs.map((run) => run.status.name)).to.deep.equal(accounts.map(() => 'COMPLETED'));
  expect(http.serverErrors, 'HTTP 5xx answers').to.deep.equal([]);
}

/**
 * Distinct messages (by Message-ID) per kind and recipient. A worker killed after the relay took a
 * mail but before the send log recorded it sends it again on retry with the same deterministic
 * Message-ID (mailer/message-id.ts), which mail clients show once: SMTP gives at-least-once, and the
 * Message-ID makes it one message. A second message, with another id, would be a real duplicate.
 */
function messagesOf(mails: DevMail[], requestId: string): Map<string, Map<string, number>> {
  const ids = new Map<string, Map<string, Set<string>>>();
  for (const mail of mails) {
    if (mail.headers['x-plangate-request-id'] !== requestId) continue;
    const kind = mail.headers['x-plangate-kind']?.split(':')[0] ?? '';
    const byRecipient = ids.get(kind) ?? new Map<string, Set<string>>();
    ids.set(kind, byRecipient);
    for (const recipient of mail.to) {
      const seen = byRecipient.get(recipient) ?? new Set<string>();
      byRecipient.set(recipient, seen.add(mail.headers['message-id'] ?? mail.id));
    }
  }
  return new Map(
    [...ids].map(([kind, byRecipient]) => [
      kind,
      new Map([...byRecipient].map(([recipient, seen]) => [recipient, seen.size])),
    ]),
  );
}
