// When no worker answers, a click must not vanish silently: the page says the decision was NOT
// recorded (503), nothing is recorded, and once a worker is back the request is still pending and
// the same link works.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import { buildWebServer } from '../../client/http/index.js';
import { PlangateClient } from '../../client/plangate-client.js';
import { workflowIdFor } from '../../client/request-ids.js';
import { waitForRequestState } from '../setup/stack.js';
import { API_TOKEN, csrfIn, pageLink, startWebStack, waitForMail, type WebStack } from './web-stack.js';

describe('web: no worker answering', function () {
  this.timeout(120_000);
  let w: WebStack;
  let server: FastifyInstance;
  const sentUpdates: Array<{ name: string; updateId: string }> = [];

  before(async () => {
    w = await startWebStack();
    // The same stack, through a client that gives up on an Update after 2 s, and that notes the id
    // of every Update it sends (to ask the server later what became of an abandoned one).
    const temporal = new Client({
      connection: w.stack.client.temporal.connection,
      namespace: w.stack.client.temporal.options.namespace,
      interceptors: {
        workflow: [
          {
            startUpdate(input, next) {
              const updateId = input.options.updateId ?? randomUUID();
              sentUpdates.push({ name: input.updateName, updateId });
              return next({ ...input, options: { ...input.options, updateId } });
            },
          },
        ],
      },
    });
    const impatient = new PlangateClient(temporal, {
      taskQueue: w.stack.taskQueue,
      updateTimeoutMs: 2000,
    });
    server = buildWebServer({
      client: impatient,
      accounts: w.stack.store,
      linkSecret: w.stack.deps.links.secret,
      apiToken: API_TOKEN,
      publicUrl: w.url,
    });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await w?.stop();
  });
  beforeEach(async () => {
    await w.reset();
  });

  /** Updates the workflow accepted so far, by name (from the event history: no worker needed). */
  async function acceptedUpdates(): Promise<string[]> {
    const history = await w.stack.client.temporal.workflow.getHandle(workflowIdFor('acme')).fetchHistory();
    return (history.events ?? []).flatMap((event) => {
      const name = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
      return name ? [name] : [];
    });
  }

  /** Opens a request, loads bill's approval page, stops the worker and clicks Approve. */
  async function clickWithoutWorker() {
    const seats = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + 1;
    const accepted = await w.submit('acme', { requestedBy: 'adam', changes: { seats } });
    const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example');
    const link = new URL(pageLink(mail, 'approve'));
    const url = `${link.pathname}${link.search}`;
    const page = await server.inject({ method: 'GET', url });
    expect(page.statusCode).to.equal(200);
    const form = { decision: 'approve', reason: '', csrf: csrfIn(page.body) };
    await w.stack.stopWorker();
    const started = Date.now();
    const refused = await server.inject({ method: 'POST', url, payload: form });
    return { accepted, url, form, refused, tookMs: Date.now() - started };
  }

  it('says the decision was not recorded (503), and nothing is recorded while no worker runs', async () => {
    const { refused, tookMs } = await clickWithoutWorker();
    try {
      expect(refused.statusCode).to.equal(503);
      expect(refused.headers['content-type']).to.match(/^text\/html/);
      expect(refused.body).to.include('Your decision was NOT recorded');
      expect(tookMs).to.be.lessThan(15_000);
      expect(await acceptedUpdates()).to.deep.equal(['submit']);
    } finally {
      await w.stack.startWorker();
    }
  });

  it('keeps the request pending once a worker is back, and a new click then works', async () => {
    const { accepted, url, refused } = await clickWithoutWorker();
    expect(refused.statusCode).to.equal(503);
    const abandoned = sentUpdates.filter((u) => u.name === 'decide').at(-1)!;
    await w.stack.startWorker();
    // Wait for the fate of the abandoned Update itself: delivered to the worker that came back and
    // refused there as too late, or dropped by the server. Either way it can no longer land.
    const fate = await w.stack.client.temporal.workflow
      .getHandle(workflowIdFor('acme'))
      .getUpdateHandle(abandoned.updateId)
      .result()
      .then(
        () => 'recorded',
        (error: unknown) =>
          error instanceof WorkflowUpdateFailedError
            ? `refused: ${(error.cause as ApplicationFailure | undefined)?.type}`
            : `gone: ${(error as Error).name}`,
      );
    expect(fate, 'the abandoned decision must not be recorded later').to.match(
      /^(refused: DECISION_TOO_LATE|gone: )/,
    );
    const view = await w.stack.client.getStatus('acme', accepted.requestId);
    expect(
      view.state,
      'the decide Update abandoned at the client deadline was delivered when the worker came back, so "NOT recorded" was not true',
    ).to.equal('pending_approval');
    expect(view.decision).to.equal(undefined);

    const again = await server.inject({ method: 'GET', url });
    expect(again.statusCode).to.equal(200);
    const clicked = await server.inject({
      method: 'POST',
      url,
      payload: { decision: 'approve', reason: '', csrf: csrfIn(again.body) },
    });
    expect(clicked.statusCode).to.equal(200);
    expect(clicked.body).to.include('Approved — the change is being applied');
    const applied = await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');
    expect(applied.timeline.filter((t) => t.action === 'approved')).to.have.length(1);
  });
});
