// The production topology on loopback, every part a real process: a Temporal cluster of two server
// nodes on the machine's PostgreSQL (fresh databases per run, dropped at the end) behind a
// round-robin balancer, two `plangate worker` and two `plangate web` (the built entry points) behind
// a second balancer that is the public URL, the store on a PostgreSQL server of its own, and the SMTP
// sink in this process. The cluster tests and `npm run bench -- --cluster` run exactly this.
//
// Why balancers rather than "half the processes on node 1, half on node 2": the SDK connects to one
// address, and a process pinned to a node that dies loses Temporal until that node is back (its web
// server would answer 503 meanwhile). Behind a balancer, a broken connection is re-opened to a node
// that lives, which is what production does with an L4 load balancer or DNS over the frontends.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevSmtpSink, type DevSmtpSink } from '../../activities/mailer/index.js';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import { seedBenchAccounts } from '../../bench/seed-accounts.js';
import { isFree } from '../../client/cli/dev/ports.js';
import { startLocalCluster, type LocalCluster } from '../../temporal-config/cluster/local-cluster.js';
import {
  startRoundRobinProxy,
  type RoundRobinProxy,
} from '../../temporal-config/cluster/round-robin-proxy.js';
import { dropDatabases } from '../../temporal-config/cluster/schema.js';
import { clusterDatabases, clusterPorts } from '../../temporal-config/cluster/server-config.js';
import { resolveTemporalCli } from '../../temporal-config/temporal-cli.js';
import { resolveTemporalServer } from '../../temporal-config/temporal-server.js';
import { cleanEnv } from '../cli/run-cli.js';
import { freePort } from '../setup/free-port.js';
import { startOwnPostgres, type OwnPostgres } from './own-postgres.js';
import { PlangateProcess } from './plangate-process.js';
import { RetryingHttp } from './retrying-http.js';

export interface ClusterTopology {
  cluster: LocalCluster;
  /** The store's own PostgreSQL server: stop and start it without touching Temporal's. */
  storeServer: OwnPostgres;
  /** The store as the workers see it, for seeding and for reading invoices afterwards. */
  store: KyselyBillingStore;
  sink: DevSmtpSink;
  workers: PlangateProcess[];
  webServers: PlangateProcess[];
  /** The balancer in front of the web servers: PLANGATE_PUBLIC_URL, links in emails point here. */
  publicUrl: string;
  apiToken: string;
  /** A Temporal client through the frontends' balancer. */
  temporal: Client;
  http: RetryingHttp;
  taskQueue: string;
  stop(): Promise<void>;
}

export interface ClusterTopologyOptions {
  /** Bench accounts `bench-0` ... seeded in the store. */
  accounts: number;
  temporalNodes?: number;
  workers?: number;
  webServers?: number;
  /** NODE_OPTIONS of the workers; production's by default (README, "Memory"). */
  workerNodeOptions?: string;
  log?: (line: string) => void;
}

const adminUrl = new URL(
  process.env.PLANGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);

export async function startClusterTopology(options: ClusterTopologyOptions): Promise<ClusterTopology> {
  const log = options.log ?? (() => undefined);
  // In CI and locally the same rule as the dev server's: a missing binary fails with the fix.
  const goInstall = process.env.CI === 'true';
  const tools = resolveTemporalServer({ allowGoInstall: goInstall });
  const cli = resolveTemporalCli({ allowGoInstall: goInstall });
  if (cli.kind !== 'binary') throw new Error('unreachable: the SDK download is not allowed here');

  const work = await mkdtemp(join(tmpdir(), 'plangate-cluster-'));
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const step of stops.reverse())
      await step().catch((error: unknown) => log(`teardown: ${String(error)}`));
    stops.length = 0;
  };
  stops.push(() => rm(work, { recursive: true, force: true }));
  try {
    const databases = clusterDatabases(
      {
        host: adminUrl.hostname,
        port: Number(adminUrl.port || 5432),
        user: decodeURIComponent(adminUrl.username || 'postgres'),
        password: decodeURIComponent(adminUrl.password),
      },
      `plangate_test_cluster_${randomBytes(4).toString('hex')}`,
    );
    stops.push(() => dropDatabases(tools, databases));
    const cluster = await startLocalCluster({
      tools,
      cli: cli.path,
      nodes: options.temporalNodes ?? 2,
      basePort: await freeBasePort(options.temporalNodes ?? 2),
      databases,
      logDir: join(work, 'temporal'),
      log,
    }).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}\n(Temporal's PostgreSQL is ${adminUrl.host}: start it with ` +
          `pg_ctlcluster --skip-systemctl-redirect 15 main start, or set PLANGATE_TEST_DATABASE_URL)`,
      );
    });
    stops.push(() => cluster.stop());

    const storeServer = await startOwnPostgres();
    stops.push(() => storeServer.destroy());
    const databaseUrl = await storeServer.createDatabase('plangate');
    const store = await openBillingStore({ databaseUrl });
    stops.push(() => store.close());
    await seedBenchAccounts(store, options.accounts);

    const sink = await startDevSmtpSink({ port: 0, maxMessages: 1_000_000 });
    stops.push(() => sink.stop());

    const webPorts = await Promise.all(Array.from({ length: options.webServers ?? 2 }, () => freePort()));
    const webBalancer: RoundRobinProxy = await startRoundRobinProxy({
      backends: webPorts.map((port) => ({ host: '127.0.0.1', port })),
    });
    stops.push(() => webBalancer.close());
    const publicUrl = `http://${webBalancer.address}`;
    const apiToken = randomBytes(16).toString('hex');
    const taskQueue = 'plangate-cluster';
    // The same settings for every process, as the README's production section says.
    const shared = cleanEnv({
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: cluster.namespace,
      DATABASE_URL: databaseUrl,
      SMTP_URL: sink.url,
      PLANGATE_TASK_QUEUE: taskQueue,
      PLANGATE_PUBLIC_URL: publicUrl,
      PLANGATE_LINK_SECRET: randomBytes(32).toString('hex'),
      PLANGATE_API_TOKEN: apiToken,
      PLANGATE_DATA_DIR: join(work, 'plangate'),
      LOG_LEVEL: 'info',
    });
    const workers = Array.from(
      { length: options.workers ?? 2 },
      (_, i) =>
        new PlangateProcess(`worker ${i + 1}`, 'worker', {
          ...shared,
          NODE_OPTIONS: options.workerNodeOptions ?? '--max-old-space-size=256',
        }),
    );
    const webServers = webPorts.map(
      (port, i) =>
        new PlangateProcess(`web ${i + 1}`, 'web', {
          ...shared,
          PORT: String(port),
          HOST: '127.0.0.1',
          // Every call arrives from the balancer's address: per-IP limits would throttle them all.
          PLANGATE_API_RATE_LIMIT: '1000000',
          PLANGATE_PAGE_RATE_LIMIT: '1000000',
        }),
    );
    stops.push(() => Promise.all(workers.map((worker) => worker.stop())));
    stops.push(() => Promise.all(webServers.map((web) => web.stop())));
    await Promise.all([...workers, ...webServers].map((process) => process.start()));
    log(
      `workers ${workers.map((w) => w.pid).join(', ')}, web servers ${webServers.map((w) => w.pid).join(', ')}`,
    );

    const connection = await Connection.connect({ address: cluster.address });
    stops.push(() => connection.close());
    const temporal = new Client({ connection, namespace: cluster.namespace });
    return {
      cluster,
      storeServer,
      store,
      sink,
      workers,
      webServers,
      publicUrl,
      apiToken,
      temporal,
      http: new RetryingHttp(publicUrl, apiToken),
      taskQueue,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * A base port whose whole range (the balancer and ten per node) is free right now, below Linux's
 * ephemeral range (32768 and up), where outgoing connections could take a port before a node binds it.
 */
export async function freeBasePort(nodes: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 1_200) * 10;
    const ports = clusterPorts(base, nodes);
    let free = true;
    for (const port of ports) if (!(free = await isFree(port))) break;
    if (free) return base;
  }
  throw new Error('no free range of ports for the Temporal cluster');
}
