// The production entry points `plangate worker`, `plangate web` and `plangate migrate` as separate
// processes on PostgreSQL, configured only by the environment, and stopped by SIGTERM.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { PlangateClient } from '../../client/plangate-client.js';
import { workflowIdFor } from '../../client/request-ids.js';
import { openBillingStore } from '../../activities/store/index.js';
import { startTestStack, terminateOpenRequests, type TestStack } from '../setup/stack.js';
import { createTestDatabase, type TestDatabase } from '../setup/postgres.js';
import { testTemporal } from '../setup/temporal.js';
import { waitForRequestState } from '../setup/wait.js';
import { cleanEnv, cliPath, expectOneErrorLine, repoRoot, runCli } from './run-cli.js';
import { freePort } from '../setup/free-port.js';
import { startHeldSmtpRelay } from './held-smtp-relay.js';

function startService(command: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cliPath, command], { env, cwd: repoRoot });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    output: () => output,
    exited,
    async waitFor(text: string, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`plangate ${command} never printed "${text}":\n${output}`);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    signal(signal: NodeJS.Signals) {
      child.kill(signal);
    },
    get running() {
      return child.exitCode === null && child.signalCode === null;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

describe('plangate worker, web and migrate', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('plangate_cli_services');
    stack = await startTestStack({ store: () => openBillingStore({ databaseUrl: db.url }) });
    env = cleanEnv({
      TEMPORAL_ADDRESS: (await testTemporal()).env.address,
      DATABASE_URL: db.url,
      SMTP_URL: stack.sink.url,
      PLANGATE_DATA_DIR: stack.dataDir,
      PLANGATE_LINK_SECRET: randomBytes(32).toString('hex'),
    });
  });
  after(async () => {
    await stack?.stop();
    await db?.drop();
  });

  it('runs a worker that prepares requests on its task queue', async () => {
    const queue = `cli-worker-${process.pid}-${Date.now()}`;
    const worker = startService('worker', { ...env, PLANGATE_TASK_QUEUE: queue });
    const client = new PlangateClient((await testTemporal()).env.client, { taskQueue: queue });
    let requestId: string | undefined;
    try {
      await worker.waitFor('worker running');
      ({ requestId } = await client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 7 },
      }));
      await waitForRequestState(client, 'acme', requestId, 'pending_approval');
      // The approval emails went through SMTP_URL to the test's sink.
      await stack.sink.waitFor((m) => m.headers['x-plangate-request-id'] === requestId, 20_000);
      await client.cancel('acme', requestId, { userId: 'adam', channel: 'api' });
    } finally {
      expect(await worker.stop()).to.equal(0);
    }
    expect(worker.output()).to.contain('worker stopped');
  });

  it('drains on SIGTERM: an email send in flight completes before the worker exits', async () => {
    const relay = await startHeldSmtpRelay();
    const queue = `cli-drain-${process.pid}-${Date.now()}`;
    const worker = startService('worker', { ...env, PLANGATE_TASK_QUEUE: queue, SMTP_URL: relay.url });
    const client = new PlangateClient((await testTemporal()).env.client, { taskQueue: queue });
    try {
      await worker.waitFor('worker running');
      // The submission's answer leaves with the workflow task that also makes the first attempt at
      // the approval emails, so it is awaited only after the relay let them through.
      const submitted = client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 7 },
      });
      // The approval batch (two approvers and the receipt) is at the relay, waiting for its reply.
      await relay.waitForHeld(3);
      worker.signal('SIGTERM');
      await worker.waitFor('shutting down: finishing tasks in flight');
      expect(worker.running, 'the worker exited with a send in flight').to.equal(true);

      relay.release();
      const { requestId } = await submitted.catch((error: Error) => {
        throw new Error(`the workflow task with the send in flight never completed: ${error.message}`);
      });
      expect(await worker.exited).to.equal(0);
      expect(worker.output()).to.contain('worker stopped');
      // The sends finished inside the worker, after SIGTERM and before it exited: the relay answered
      // them, the worker wrote its send log, and the workflow recorded the activity's result.
      expect(relay.accepted().sort()).to.deep.equal([
        'adam@acme.example',
        'bill@acme.example',
        'olivia@acme.example',
      ]);
      expect((await stack.store.listSentEmails(requestId)).map((e) => e.recipient).sort()).to.deep.equal(
        relay.accepted().sort(),
      );
      const history = await client.temporal.workflow.getHandle(workflowIdFor('acme')).fetchHistory();
      const sendMarkers = (history.events ?? []).filter(
        (e) =>
          e.markerRecordedEventAttributes &&
          Buffer.from(e.markerRecordedEventAttributes.details?.data?.payloads?.[0]?.data ?? []).includes(
            '"activity_type":"announce"',
          ),
      );
      expect(sendMarkers, 'the workflow recorded the send as done').to.have.length(1);
      expect(sendMarkers[0]!.markerRecordedEventAttributes!.failure ?? undefined).to.equal(undefined);
    } finally {
      if (worker.running) await worker.stop();
      relay.release();
      await relay.stop();
      // No worker serves this queue any more: end the request instead of cancelling it.
      await terminateOpenRequests(stack.client);
    }
  });

  /** `plangate web` on a free port, with the stack's worker behind it. */
  async function startWeb(extra: NodeJS.ProcessEnv = {}) {
    const port = String(await freePort());
    const web = startService('web', {
      ...env,
      PORT: port,
      PLANGATE_API_TOKEN: 'secret-token',
      PLANGATE_TASK_QUEUE: stack.taskQueue,
      ...extra,
    });
    return { port, web };
  }

  it('runs the web server until SIGTERM, and refuses to start without an API token', async () => {
    const { port, web } = await startWeb();
    try {
      await web.waitFor('listening');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).to.equal(200);
      const subscription = await fetch(`http://127.0.0.1:${port}/api/v1/accounts/acme/subscription`, {
        headers: { authorization: 'Bearer secret-token' },
      });
      expect(subscription.status).to.equal(200);
      expect(((await subscription.json()) as { plan: string }).plan).to.be.a('string');
    } finally {
      expect(await web.stop()).to.equal(0);
    }

    const refused = await runCli(['web'], { ...env, PORT: port });
    expect(refused.code).to.equal(1);
    expect(expectOneErrorLine(refused)).to.contain('PLANGATE_API_TOKEN is not set');
  });

  it('hands the request policy of its environment to every request it starts', async () => {
    const { port, web } = await startWeb({
      PLANGATE_DOWNGRADE_TIMING: 'period_end',
      PLANGATE_REMIND_AFTER: '1d',
      PLANGATE_EXPIRE_AFTER: '3d',
    });
    const api = `http://127.0.0.1:${port}/api/v1/accounts/acme/change-requests`;
    const headers = { authorization: 'Bearer secret-token', 'content-type': 'application/json' };
    let requestId: string | undefined;
    try {
      await web.waitFor('listening');
      const submitted = await fetch(api, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          requestedBy: 'adam',
          changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
        }),
      });
      const body = (await submitted.json()) as {
        requestId: string;
        quote: { scheduledChangeAt?: string; lines: unknown[] };
      };
      expect(submitted.status, JSON.stringify(body)).to.equal(201);
      requestId = body.requestId;
      // The downgrade is quoted for the period end (no proration now), as PLANGATE_DOWNGRADE_TIMING says.
      expect(body.quote.scheduledChangeAt).to.be.a('string');
      expect(body.quote.lines).to.deep.equal([]);
      const status = (await (await fetch(`${api}/${requestId}`, { headers })).json()) as {
        submittedAt: string;
        expiresAt: string;
      };
      // It expires after PLANGATE_EXPIRE_AFTER (3 days), not the default 7.
      const expiresAfterDays = (Date.parse(status.expiresAt) - Date.parse(status.submittedAt)) / 86_400_000;
      expect(expiresAfterDays).to.be.within(2.99, 3.01);
    } finally {
      if (requestId) await stack.client.cancel('acme', requestId, { userId: 'adam', channel: 'api' });
      expect(await web.stop()).to.equal(0);
    }
  });

  it('migrates a fresh database and exits, and exits 4 when PostgreSQL is unreachable', async () => {
    const fresh = await createTestDatabase('plangate_cli_migrate');
    try {
      const result = await runCli(['migrate'], { ...env, DATABASE_URL: fresh.url });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal('The store is up to date (PostgreSQL).\n');
      const store = await openBillingStore({ databaseUrl: fresh.url });
      try {
        expect(await store.listAccounts()).to.deep.equal([]);
      } finally {
        await store.close();
      }
    } finally {
      await fresh.drop();
    }
    const unreachable = await runCli(['migrate'], {
      ...env,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x',
    });
    expect(unreachable.code).to.equal(4);
    expect(expectOneErrorLine(unreachable)).to.contain('Cannot reach PostgreSQL');
  });
});
