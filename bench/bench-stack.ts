// The real parts a benchmark runs against: a file-backed Temporal dev server, the SMTP sink, a fresh
// PostgreSQL database with the bench accounts, the production worker (`plangate worker`, built
// JavaScript, its own process so its memory and CPU are its own) and the HTTP server.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { startDevSmtpSink, type DevSmtpSink } from '../activities/mailer/index.js';
import { openBillingStore, type KyselyBillingStore } from '../activities/store/index.js';
import { startWebServer } from '../client/http/index.js';
import { PlangateClient } from '../client/plangate-client.js';
import { prepareRequestActivity } from '../activities/prepare-request.js';
import { defaultCatalog } from '../activities/pricing/index.js';
import { loadEnvironment } from '../config/environment.js';
import { requestPolicy } from '../config/settings.js';
import { startDevServer, type RunningDevServer } from '../temporal-config/dev-server.js';
import { createTestDatabase } from '../test/setup/postgres.js';
import { freePort } from '../test/setup/free-port.js';
import { seedBenchAccounts } from './seed-accounts.js';

export interface BenchStack {
  server: RunningDevServer;
  sink: DevSmtpSink;
  /** The worker's database, opened by the bench too: it reads when each change was committed. */
  store: KyselyBillingStore;
  /** The running worker process; replaceWorker swaps it. */
  worker: ChildProcess;
  /** Stops the worker and starts the one of `entry` (another build's dist/client/cli/main.js). */
  replaceWorker(entry: string): Promise<void>;
  temporal: Client;
  client: PlangateClient;
  publicUrl: string;
  apiToken: string;
  stop(): Promise<void>;
}

export const benchTaskQueue = 'plangate-bench';
/** The worker runs as the README's production section says; BENCH_WORKER_NODE_OPTIONS tries others. */
export const workerNodeOptions = process.env.BENCH_WORKER_NODE_OPTIONS ?? '--max-old-space-size=256';
/**
 * This tree's built CLI; BENCH_WORKER_ENTRY runs another build's worker against the same bench (a
 * before/after comparison of the worker: `npm run build` in a checkout of the older commit first).
 */
export const workerEntry =
  process.env.BENCH_WORKER_ENTRY ?? fileURLToPath(new URL('../dist/client/cli/main.js', import.meta.url));

export interface BenchStackOptions {
  dataDir: string;
  accounts: number;
  /** Run the worker under `node --cpu-prof`, writing its profile here when it exits. */
  workerProfileDir?: string;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  if (!existsSync(workerEntry))
    throw new Error(`${workerEntry} is missing: run \`npm run build\` first (npm run bench does)`);
  // The request policy of this shell (PLANGATE_DOWNGRADE_TIMING, ...), as `plangate web` would use it;
  // a bad value stops the bench before anything starts.
  const policy = requestPolicy(loadEnvironment());
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step().catch(() => undefined);
    stops.length = 0;
  };
  try {
    const [temporalPort, uiPort, webPort, metricsPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const server = await startDevServer({
      dataDir: options.dataDir,
      port: temporalPort,
      uiPort,
      metricsPort,
    });
    stops.push(() => server.stop());
    const sink = await startDevSmtpSink({ port: 0, maxMessages: 1_000_000 });
    stops.push(() => sink.stop());
    const database = await createTestDatabase('plangate_bench');
    stops.push(() => database.drop());
    const store = await openBillingStore({ databaseUrl: database.url });
    stops.push(() => store.close());
    await seedBenchAccounts(store, options.accounts);

    const publicUrl = `http://127.0.0.1:${webPort}`;
    const linkSecret = randomBytes(32);
    const profile = options.workerProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.workerProfileDir}`]
      : [];
    const workerEnv = {
      DATABASE_URL: database.url,
      TEMPORAL_ADDRESS: server.address,
      PLANGATE_TASK_QUEUE: benchTaskQueue,
      SMTP_URL: sink.url,
      PLANGATE_LINK_SECRET: linkSecret.toString('hex'),
      PLANGATE_PUBLIC_URL: publicUrl,
      PLANGATE_DATA_DIR: options.dataDir,
      // The bench's webhook receiver listens on loopback (bench/webhooks.ts).
      PLANGATE_DEV: '1',
      LOG_LEVEL: 'info',
    };
    let worker = await startWorkerProcess(workerEntry, profile, workerEnv);
    stops.push(() => stopProcess(worker));

    const connection = await Connection.connect({ address: server.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection });
    // As `plangate web` builds it: the prepare step runs here first, so ChangeKind is set at start.
    const client = new PlangateClient(temporal, {
      taskQueue: benchTaskQueue,
      policy,
      preview: prepareRequestActivity({ store, catalog: defaultCatalog }),
      requests: store,
    });
    const apiToken = randomBytes(16).toString('hex');
    const web = await startWebServer({
      client,
      accounts: store,
      linkSecret,
      apiToken,
      publicUrl,
      port: webPort,
      logger: false,
      // The bench is the only caller; the limits that protect a public server would only throttle it.
      rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
      pageRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    });
    stops.push(() => web.close());
    const stack: BenchStack = {
      server,
      sink,
      store,
      worker,
      async replaceWorker(entry) {
        await stopProcess(worker);
        worker = await startWorkerProcess(entry, profile, workerEnv);
        stack.worker = worker;
      },
      temporal,
      client,
      publicUrl,
      apiToken,
      stop,
    };
    return stack;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Starts `plangate worker` and resolves once it polls; its pino log says so in one JSON line. */
async function startWorkerProcess(
  entry: string,
  nodeFlags: string[],
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeFlags, entry, 'worker'], {
    env: { ...process.env, ...env, NODE_OPTIONS: workerNodeOptions },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (!line.includes('"worker running"')) return;
      resolve();
      // Keep draining the log so a full pipe never stalls the worker.
      lines.removeAllListeners('line');
      lines.on('line', () => undefined);
    });
    child.once('exit', (code) => reject(new Error(`plangate worker exited with ${code} before it polled`)));
  });
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
