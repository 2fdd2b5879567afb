// The dispatcher inside the production worker (`plangate worker`, built JavaScript, its own
// process, PostgreSQL): SIGKILLed in the middle of an attempt, the delivery still completes after a
// restart (at least once, same webhook-id, order kept); on SIGTERM the attempt in flight finishes
// and is recorded before the process exits.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startDevSmtpSink, type DevSmtpSink } from '../../activities/mailer/index.js';
import { insertRequestEvents, type KyselyBillingStore } from '../../activities/store/index.js';
import { WebhookEndpoints } from '../../client/webhook-endpoints.js';
import { cleanEnv, cliPath } from '../cli/run-cli.js';
import { testTemporal } from '../setup/temporal.js';
import { startWebhookReceiver, type WebhookReceiver } from '../setup/webhook-receiver.js';
import { waitUntil } from '../setup/wait.js';
import { newRequestId, postgresBackend, requestEvents, type Backend } from './fixtures.js';

interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

describe('webhook dispatcher in plangate worker', function () {
  this.timeout(180_000);
  let backend: Backend & { url: string };
  let store: KyselyBillingStore;
  let sink: DevSmtpSink;
  let receiver: WebhookReceiver;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const workers: WorkerProcess[] = [];

  before(async () => {
    const temporal = await testTemporal();
    backend = await postgresBackend();
    store = await backend.open();
    sink = await startDevSmtpSink({ port: 0 });
    receiver = await startWebhookReceiver();
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-webhook-worker-'));
    env = cleanEnv({
      TEMPORAL_ADDRESS: temporal.env.address,
      PLANGATE_TASK_QUEUE: temporal.taskQueue('webhook-worker'),
      DATABASE_URL: backend.url,
      SMTP_URL: sink.url,
      PLANGATE_DATA_DIR: dataDir,
      PLANGATE_LINK_SECRET: randomBytes(32).toString('hex'),
      PLANGATE_DEV: '1',
      PLANGATE_WEBHOOK_TIMEOUT: '3s',
      PLANGATE_WEBHOOK_RETRY_BASE: '100ms',
      PLANGATE_WEBHOOK_POLL_INTERVAL: '100ms',
      LOG_LEVEL: 'info',
    });
    const endpoints = new WebhookEndpoints(store, { allowLoopback: true, secretOverlapMs: 0 });
    receiver.secrets.push((await endpoints.add({ url: receiver.url })).secret);
  });

  after(async () => {
    for (const worker of workers)
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await receiver?.close();
    await sink?.stop();
    await store?.close();
    await backend?.cleanup();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function startWorker(): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [cliPath, 'worker'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker: WorkerProcess = {
      child,
      lines: [],
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    workers.push(worker);
    createInterface({ input: child.stdout }).on('line', (line) => worker.lines.push(line));
    child.stderr.resume();
    await waitUntil(() => worker.lines.some((line) => line.includes('webhook dispatcher running')), {
      what: 'the worker to run its dispatcher',
    });
    return worker;
  }

  it('completes the deliveries after a SIGKILL mid-attempt, at least once and in order', async () => {
    const request = newRequestId();
    const events = requestEvents(request, ['submitted', 'approved', 'applied']);
    // The first attempt of the first event never gets an answer: the worker dies holding it.
    receiver.answer = ({ event, n }) => (event?.data.sequence === 1 && n === 1 ? 'hang' : 200);
    const first = await startWorker();
    await insertRequestEvents(store.db, events);
    await receiver.waitFor('the first attempt', (r) => r.received.length === 1);
    first.child.kill('SIGKILL');
    expect(await first.exited).to.equal(null);

    // Nothing was recorded: the delivery is still pending, under the dead process's lease.
    const [row] = await store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('event_id', '=', events[0]!.id)
      .execute();
    expect(row).to.include({ state: 'pending', attempts: 0 });
    expect(row!.lease_token).to.be.a('string');

    await startWorker();
    await receiver.waitFor('all three events', (r) => r.delivered().length === 3, 60_000);
    expect(receiver.delivered().map((e) => e.data.sequence)).to.deep.equal([1, 2, 3]);
    // At least once: event 1 twice, with the same webhook-id; event 2 only after event 1 succeeded.
    expect(receiver.received.map((r) => r.id)).to.deep.equal([
      events[0]!.id,
      events[0]!.id,
      events[1]!.id,
      events[2]!.id,
    ]);
    expect(receiver.requests.every((r) => r.verified)).to.equal(true);
  });

  it('finishes and records the attempt in flight on SIGTERM before exiting', async () => {
    const alive = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null);
    const running = alive ?? (await startWorker());
    receiver.answer = () => 'hold';
    const request = newRequestId();
    const [event] = requestEvents(request, ['submitted']);
    const before = receiver.received.length;
    await insertRequestEvents(store.db, [event!]);
    await receiver.waitFor('the held attempt', (r) => r.received.length === before + 1);
    running.child.kill('SIGTERM');
    await waitUntil(() => running.lines.some((line) => line.includes('shutting down')), {
      what: 'the worker to begin its shutdown',
    });
    expect(running.child.exitCode).to.equal(null);
    expect(receiver.release(200)).to.equal(1);
    expect(await running.exited).to.equal(0);
    const [row] = await store.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('event_id', '=', event!.id)
      .execute();
    expect(row).to.include({ state: 'delivered', attempts: 1, last_status: 200 });
    expect(running.lines.some((line) => line.includes('webhook dispatcher stopped'))).to.equal(true);
  });
});
