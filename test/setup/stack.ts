// The whole system on real parts for end-to-end tests: the shared dev server, a worker with the
// real activities, a billing store (PGlite in a temp dir, or PostgreSQL), the SMTP sink and the
// typed client. Each stack has its own task queue, data directory and SMTP port.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { PlangateClient } from '../../client/plangate-client.js';
import { workflowIdFor } from '../../client/request-ids.js';
import { quoteSource } from '../../activities/quote-source.js';
import { defaultCatalog } from '../../activities/pricing/index.js';
import { openBillingStore } from '../../activities/store/index.js';
import type { BillingStore } from '../../activities/store/types.js';
import { createMailSender, startDevSmtpSink } from '../../activities/mailer/index.js';
import type { ActivityDeps } from '../../activities/deps.js';
import type { RequestPolicy } from '../../workflows/request-policy.js';
import { createPlangateWorker } from '../../worker/create-worker.js';
import { testTemporal } from './temporal.js';

export type DevSmtpSink = Awaited<ReturnType<typeof startDevSmtpSink>>;

export interface TestStack {
  client: PlangateClient;
  store: BillingStore;
  sink: DevSmtpSink;
  deps: ActivityDeps;
  dataDir: string;
  taskQueue: string;
  /** Where links in emails point; set `publicUrl` to the web server you start. */
  publicUrl: string;
  worker: Worker;
  /** Stops the worker (tests of "no worker" and restarts); `startWorker` brings a new one. */
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestStackOptions {
  policy?: Partial<RequestPolicy>;
  publicUrl?: string;
  /** A store of your own (PostgreSQL, or one with a fault injector); default PGlite in a temp dir. */
  store?: (dataDir: string) => Promise<BillingStore>;
  /** Wrap the real activity dependencies (e.g. to inject faults). */
  wrapDeps?: (deps: ActivityDeps) => ActivityDeps;
  seed?: boolean;
}

/** The seeded accounts. All stacks share one dev server, so their workflow ids are shared too. */
export const seededAccounts = ['acme', 'globex'];

/**
 * Ends whatever request a previous test left open on a seeded account: its worker (on another task
 * queue) is gone, and the open run would make this test's first submission a 409.
 */
export async function terminateOpenRequests(client: PlangateClient): Promise<void> {
  for (const accountId of seededAccounts) {
    if (!(await client.openRequestId(accountId))) continue;
    // It may finish on its own between the two calls (a request that was just applied).
    await client.temporal.workflow
      .getHandle(workflowIdFor(accountId))
      .terminate('test isolation: previous test left it open')
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  }
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const temporal = await testTemporal();
  const dataDir = await mkdtemp(join(tmpdir(), 'plangate-stack-'));
  const store = options.store ? await options.store(dataDir) : await openBillingStore({ dataDir });
  if (options.seed !== false) await store.seedDemoData();
  const sink = await startDevSmtpSink({ port: 0 });
  const publicUrl = options.publicUrl ?? 'http://127.0.0.1:9';
  const baseDeps: ActivityDeps = {
    store,
    mail: createMailSender({
      smtpUrl: sink.url,
      from: 'Plangate <plangate@test.example>',
      store,
      publicMessageIdDomain: 'test.example',
    }),
    catalog: defaultCatalog,
    links: { secret: randomBytes(32), publicUrl },
    supportEmail: 'support@test.example',
  };
  const deps = options.wrapDeps ? options.wrapDeps(baseDeps) : baseDeps;
  const taskQueue = temporal.taskQueue('stack');
  const client = new PlangateClient(temporal.env.client, {
    taskQueue,
    quotes: quoteSource({ store, catalog: defaultCatalog }),
    requests: store,
    ...(options.policy ? { policy: options.policy } : {}),
  });

  let running: { worker: Worker; done: Promise<void> } | undefined;
  const startWorker = async () => {
    const worker = await createPlangateWorker({
      connection: temporal.env.nativeConnection,
      namespace: temporal.env.namespace ?? 'default',
      taskQueue,
      deps,
      workflowCode: temporal.workflowBundle,
    });
    running = { worker, done: worker.run() };
    stack.worker = worker;
  };
  const stopWorker = async () => {
    if (!running) return;
    running.worker.shutdown();
    await running.done;
    running = undefined;
  };

  const stack: TestStack = {
    client,
    store,
    sink,
    deps,
    dataDir,
    taskQueue,
    publicUrl,
    worker: undefined as unknown as Worker,
    startWorker,
    stopWorker,
    async stop() {
      await terminateOpenRequests(client);
      await stopWorker();
      deps.mail.close();
      await sink.stop();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  await terminateOpenRequests(client);
  await startWorker();
  return stack;
}
export { waitForRequestState } from './wait.js';
