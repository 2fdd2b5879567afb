// A Temporal cluster on this machine, on PostgreSQL: the schemas set up (or upgraded), N server
// processes that join one cluster through the membership table, the namespace and search attributes
// registered, and a round-robin balancer in front of the frontends, whose one address every worker,
// web server and CLI uses. `plangate cluster`, test/cluster and `npm run bench -- --cluster` run this.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TemporalServerTools } from '../temporal-server.js';
import { registerNamespace, waitUntilServing } from './namespace.js';
import { ClusterNode } from './node.js';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy.js';
import { setUpSchemas } from './schema.js';
import { nodePorts, type TemporalDatabases } from './server-config.js';

export interface LocalClusterOptions {
  tools: TemporalServerTools;
  /** The `temporal` CLI, which registers the namespace and search attributes. */
  cli: string;
  nodes: number;
  /** The balancer listens here; node n uses the ten ports from basePort + 10 n. */
  basePort: number;
  databases: TemporalDatabases;
  /** The nodes' logs: node-<n>.log. */
  logDir: string;
  namespace?: string;
  historyShards?: number;
  logLevel?: string;
  log?: (line: string) => void;
}

export interface LocalCluster {
  /** The balancer: what TEMPORAL_ADDRESS of workers, web servers and the CLI points at. */
  address: string;
  namespace: string;
  nodes: ClusterNode[];
  databases: TemporalDatabases;
  /** Starts a stopped or killed node again and waits until it serves the namespace. */
  restart(node: ClusterNode): Promise<void>;
  /** Stops the balancer and every node (SIGTERM, then SIGKILL). Leaves the databases. */
  stop(): Promise<void>;
}

export async function startLocalCluster(options: LocalClusterOptions): Promise<LocalCluster> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const { cli } = options;
  const logDir = resolve(options.logDir);
  mkdirSync(logDir, { recursive: true });

  log(`schemas: ${options.databases.database}, ${options.databases.visibilityDatabase}`);
  await setUpSchemas(options.tools, options.databases);

  const address = `127.0.0.1:${options.basePort}`;
  const nodes = Array.from(
    { length: options.nodes },
    (_, i) =>
      new ClusterNode(
        i + 1,
        options.tools.server,
        {
          ports: nodePorts(options.basePort, i + 1),
          databases: options.databases,
          historyShards: options.historyShards ?? 4,
          clusterAddress: address,
          ...(options.logLevel ? { logLevel: options.logLevel } : {}),
        },
        join(logDir, `node-${i + 1}.log`),
      ),
  );
  let balancer: RoundRobinProxy | undefined;
  const stop = async () => {
    await balancer?.close();
    await Promise.all(nodes.map((node) => node.stop()));
  };
  try {
    // The first node founds the ring; the others join it through the membership table.
    for (const node of nodes) {
      log(`node ${node.index}: starting, frontend ${node.address}`);
      await node.start();
    }
    await registerNamespace({ cli, address: nodes[0]!.address, namespace });
    await Promise.all(nodes.map((node) => waitUntilServing({ cli, address: node.address, namespace })));
    balancer = await startRoundRobinProxy({
      port: options.basePort,
      backends: nodes.map((node) => ({ host: '127.0.0.1', port: node.ports.frontend })),
    });
    log(`balancer: ${address} -> ${nodes.map((node) => node.address).join(', ')}`);
  } catch (error) {
    const stopped = nodes.filter((node) => node.ended).map((node) => node.diagnosis());
    await stop();
    if (stopped.length === 0) throw error;
    throw new Error(`${(error as Error).message}\n${stopped.join('\n')}`, { cause: error });
  }
  return {
    address,
    namespace,
    nodes,
    databases: options.databases,
    async restart(node) {
      await node.start();
      await waitUntilServing({ cli, address: node.address, namespace });
    },
    stop,
  };
}
