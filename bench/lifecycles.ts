// Full request life cycles as users drive them: submit through the HTTP API, open the approval link
// from the email the SMTP sink received, approve on the page, wait for the confirmation email, and
// open the status page it links to once.
import type { DevMail } from '../activities/mailer/index.js';
import { workflowIdFor } from '../client/request-ids.js';
import type { BenchStack } from './bench-stack.js';
import { percentiles, type Percentiles } from './percentiles.js';
import { progressBar } from './progress-bar.js';

/** What a life cycle needs of a stack: the dev-server one (bench-stack.ts) or the cluster's. */
export type LifecycleStack = Pick<BenchStack, 'publicUrl' | 'sink' | 'apiToken' | 'temporal' | 'store'>;

export interface LifecyclePhase {
  label: string;
  requests: number;
  accounts: number;
  /** Requests started per second; absent: flat out (each account starts its next one at once). */
  arrivalsPerSecond?: number;
}

export interface LifecycleResult {
  seconds: number;
  lifecyclesPerSecond: number;
  latencyMs: Record<'submit' | 'approve' | 'applied' | 'confirmed', Percentiles>;
  requestIds: string[];
}

/** Seat counts only grow, so every request is an upgrade that applies without support review. */
export class SeatLadder {
  static readonly seeded = 5;
  static readonly planMaximum = 100;
  private readonly seats = new Map<string, number>();

  next(accountId: string): number {
    const seats = (this.seats.get(accountId) ?? SeatLadder.seeded) + 1;
    if (seats > SeatLadder.planMaximum)
      throw new Error(`${accountId} reached the plan's ${SeatLadder.planMaximum} seats: use more --accounts`);
    this.seats.set(accountId, seats);
    return seats;
  }
}

export async function runLifecycles(
  stack: LifecycleStack,
  phase: LifecyclePhase,
  ladder: SeatLadder,
): Promise<LifecycleResult> {
  const samples = {
    submit: [] as number[],
    approve: [] as number[],
    applied: [] as number[],
    confirmed: [] as number[],
  };
  const requestIds: string[] = [];
  const bar = progressBar(phase.label, phase.requests);
  const start = performance.now();
  // One lane per account: an account has at most one open request, so its next one waits for it.
  await Promise.all(
    Array.from({ length: phase.accounts }, async (_, lane) => {
      for (let i = lane; i < phase.requests; i += phase.accounts) {
        if (phase.arrivalsPerSecond) {
          const due = start + (i / phase.arrivalsPerSecond) * 1000;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        const accountId = `bench-${lane}`;
        const timings = await lifecycle(stack, accountId, ladder.next(accountId));
        for (const key of Object.keys(samples) as Array<keyof typeof samples>)
          samples[key].push(timings[key]);
        requestIds.push(timings.requestId);
        bar.tick();
      }
    }),
  );
  bar.done();
  const seconds = (performance.now() - start) / 1000;
  return {
    seconds,
    lifecyclesPerSecond: phase.requests / seconds,
    latencyMs: {
      submit: percentiles(samples.submit),
      approve: percentiles(samples.approve),
      applied: percentiles(samples.applied),
      confirmed: percentiles(samples.confirmed),
    },
    requestIds,
  };
}

interface LifecycleTimings {
  requestId: string;
  submit: number;
  approve: number;
  applied: number;
  confirmed: number;
}

async function lifecycle(stack: LifecycleStack, accountId: string, seats: number): Promise<LifecycleTimings> {
  const { publicUrl, sink } = stack;
  const submitStart = performance.now();
  const submitted = await fetch(`${publicUrl}/api/v1/accounts/${accountId}/change-requests`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ requestedBy: 'admin', changes: { seats } }),
  });
  if (submitted.status !== 201)
    throw new Error(`submit for ${accountId}: HTTP ${submitted.status} ${await submitted.text()}`);
  const { requestId } = (await submitted.json()) as { requestId: string };
  const submit = performance.now() - submitStart;

  const mail = await sink.waitFor(
    (m) => isMail(m, requestId, 'approval_request', `owner@${accountId}.example`),
    60_000,
  );
  const link = linkIn(mail, 'approve', requestId);
  const page = await (await fetch(link)).text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error(`no csrf field on the approval page of ${requestId}`);

  // The approver's click: every later figure is measured from here.
  const clickedAt = Date.now();
  const clickStart = performance.now();
  const approved = await fetch(link, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision: 'approve', reason: '', csrf }).toString(),
  });
  if (approved.status !== 200) throw new Error(`approve ${requestId}: HTTP ${approved.status}`);
  await approved.text();
  const approve = performance.now() - clickStart;

  const confirmation = await sink.waitFor(
    (m) => isMail(m, requestId, 'confirmation', `admin@${accountId}.example`),
    60_000,
  );
  const confirmed = performance.now() - clickStart;
  // The requester follows the status link of the confirmation once, as the billed flow counts it.
  await openStatusPage(confirmation, requestId);
  // The life cycle ends when the request's run has closed (its last task, just after the
  // confirmation): only then is the account free for its next request without a wait.
  await stack.temporal.workflow.getHandle(workflowIdFor(accountId)).result();
  // The store stamps each applied change: reading it afterwards costs the system under test nothing,
  // where polling the request's status would load the worker with queries.
  const applied = await stack.store.getAppliedChange(requestId);
  if (!applied) throw new Error(`${requestId} was confirmed but the store has no applied change`);
  return { requestId, submit, approve, applied: Date.parse(applied.appliedAt) - clickedAt, confirmed };
}

function linkIn(mail: DevMail, page: 'approve' | 'status', requestId: string): string {
  const link = new RegExp(`https?://[^\\s"'<>]+/${page}/[^\\s"'<>]+`).exec(mail.text)?.[0];
  if (!link)
    throw new Error(`no ${page} link in the ${mail.headers['x-plangate-kind']} email of ${requestId}`);
  return link;
}

async function openStatusPage(mail: DevMail, requestId: string): Promise<void> {
  const page = await fetch(linkIn(mail, 'status', requestId));
  if (page.status !== 200) throw new Error(`status page of ${requestId}: HTTP ${page.status}`);
  await page.text();
}

export function isMail(m: DevMail, requestId: string, kind: string, to: string): boolean {
  return (
    m.headers['x-plangate-request-id'] === requestId &&
    m.headers['x-plangate-kind']?.split(':')[0] === kind &&
    m.to.includes(to)
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
