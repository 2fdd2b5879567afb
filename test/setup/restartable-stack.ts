// A worker and a client on a file-backed Temporal dev server that a test stops and starts again (the
// fault tests' server restarts): the server keeps its state in a fresh temporary data directory, and
// comes back on the same ports, so the worker's and the client's connections find it again.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createMailSender, startDevSmtpSink } from '../../activities/mailer/index.js';
import { defaultCatalog } from '../../activities/pricing/index.js';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import { PlangateClient, type PlangateClientOptions } from '../../client/plangate-client.js';
import { startDevServer } from '../../temporal-config/dev-server.js';
import { createPlangateWorker } from '../../worker/create-worker.js';
import { freePort } from './free-port.js';
import { testTemporal } from './temporal.js';

export interface RestartableStack {
  client: PlangateClient;
  /** The embedded (file-backed) store with the demo accounts. */
  store: KyselyBillingStore;
  /** Stops the Temporal server and starts it again on the same data directory and ports. */
  restartServer: () => Promise<void>;
  /** Stops the worker, closes every connection and the store, stops the server, removes its data. */
  stop: () => Promise<void>;
}

/**
 * Starts it on its own task queue (also the name of its temporary directory); `clientOptions` may
 * read the store (a preview on it, its read model of requests).
 */
export async function startRestartableStack(
  taskQueue: string,
  clientOptions: (store: KyselyBillingStore) => Omit<PlangateClientOptions, 'taskQueue'> = () => ({}),
): Promise<RestartableStack> {
  const dataDir = await mkdtemp(join(tmpdir(), `plangate-${taskQueue}-`));
  const [port, uiPort] = [await freePort(), await freePort()];
  let server = await startDevServer({ dataDir, port, uiPort });
  const store = await openBillingStore({ dataDir });
  await store.seedDemoData();
  const sink = await startDevSmtpSink({ port: 0 });
  const connection = await NativeConnection.connect({ address: server.address });
  const worker = await createPlangateWorker({
    connection,
    namespace: 'default',
    taskQueue,
    deps: {
      store,
      mail: createMailSender({
        smtpUrl: sink.url,
        from: 'Plangate <p@test.example>',
        store,
        publicMessageIdDomain: 'test.example',
      }),
      catalog: defaultCatalog,
      links: { secret: randomBytes(32), publicUrl: 'http://127.0.0.1:9' },
      supportEmail: 'support@test.example',
    },
    workflowCode: (await testTemporal()).workflowBundle,
  });
  const running = worker.run();
  const clientConnection = await Connection.connect({ address: server.address });
  const client = new PlangateClient(new Client({ connection: clientConnection }), {
    taskQueue,
    ...clientOptions(store),
  });
  return {
    client,
    store,
    async restartServer() {
      await server.stop();
      server = await startDevServer({ dataDir, port, uiPort });
    },
    async stop() {
      worker.shutdown();
      await running;
      await clientConnection.close();
      await connection.close();
      await sink.stop();
      await store.close();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
