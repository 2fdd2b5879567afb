// The settings of one Temporal server node, as the environment that temporal-config/server/
// postgresql.yaml (a template Temporal renders itself) reads. One place turns a node's ports and the
// cluster's databases into those variables, for `plangate cluster`, the tests and the bench alike.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The directory holding postgresql.yaml, from the sources (tsx) or from dist/. */
export const serverConfigDir = [
  fileURLToPath(new URL('../server', import.meta.url)),
  fileURLToPath(new URL('../../../temporal-config/server', import.meta.url)),
].find((dir) => existsSync(`${dir}/postgresql.yaml`))!;

/** `temporal-server` arguments that load postgresql.yaml. */
export const serverArgs = [
  '--root',
  serverConfigDir,
  '--config',
  '.',
  '--env',
  'postgresql',
  '--allow-no-auth',
  'start',
];

/** Temporal's PostgreSQL: the server the persistence and visibility databases live on. */
export interface TemporalDatabaseServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalDatabases extends TemporalDatabaseServer {
  /** Workflow state (the `temporal` schema). */
  database: string;
  /** Visibility (the `visibility` schema): what list and count queries read. */
  visibilityDatabase: string;
}

/** TEMPORAL_DB_HOST, _PORT, _USER, _PASSWORD: the same variables postgresql.yaml reads. */
export function temporalDatabaseServerFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalDatabaseServer {
  return {
    host: env.TEMPORAL_DB_HOST || '127.0.0.1',
    port: Number(env.TEMPORAL_DB_PORT || 5432),
    user: env.TEMPORAL_DB_USER || 'postgres',
    password: env.TEMPORAL_DB_PASSWORD || '',
  };
}

/** The two databases of a cluster named by one prefix: `<prefix>_temporal`, `<prefix>_visibility`. */
export function clusterDatabases(server: TemporalDatabaseServer, prefix: string): TemporalDatabases {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix))
    throw new Error(
      `database prefix must be lower-case letters, digits and "_" (at most 41), got "${prefix}"`,
    );
  return { ...server, database: `${prefix}_temporal`, visibilityDatabase: `${prefix}_visibility` };
}

/** Every port one node listens on: gRPC and membership (gossip) per service, and the HTTP API. */
export interface NodePorts {
  frontend: number;
  frontendMembership: number;
  frontendHttp: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Ten ports per node above the base (which the frontends' load balancer takes): node 1 from base+10. */
export function nodePorts(basePort: number, node: number): NodePorts {
  const first = basePort + 10 * node;
  return {
    frontend: first,
    frontendMembership: first + 1,
    frontendHttp: first + 2,
    history: first + 3,
    historyMembership: first + 4,
    matching: first + 5,
    matchingMembership: first + 6,
    worker: first + 7,
    workerMembership: first + 8,
  };
}

export interface NodeSettings {
  ports: NodePorts;
  databases: TemporalDatabases;
  /** Fixed for the life of the cluster: every node must use the same number. */
  historyShards: number;
  /** What clients use to reach the cluster (the load balancer in front of the frontends). */
  clusterAddress: string;
  logLevel?: string;
}

export function nodeEnvironment(settings: NodeSettings): Record<string, string> {
  const { ports, databases } = settings;
  return {
    TEMPORAL_DB_HOST: databases.host,
    TEMPORAL_DB_PORT: String(databases.port),
    TEMPORAL_DB_USER: databases.user,
    TEMPORAL_DB_PASSWORD: databases.password,
    TEMPORAL_DB_NAME: databases.database,
    TEMPORAL_VISIBILITY_DB_NAME: databases.visibilityDatabase,
    TEMPORAL_HISTORY_SHARDS: String(settings.historyShards),
    TEMPORAL_BIND_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    TEMPORAL_CLUSTER_ADDRESS: settings.clusterAddress,
    TEMPORAL_SERVER_LOG_LEVEL: settings.logLevel ?? 'warn',
    TEMPORAL_FRONTEND_PORT: String(ports.frontend),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    TEMPORAL_FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    TEMPORAL_HISTORY_PORT: String(ports.history),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    TEMPORAL_MATCHING_PORT: String(ports.matching),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    TEMPORAL_WORKER_PORT: String(ports.worker),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
  };
}

/** Every port a cluster of `nodes` nodes takes: the balancer's, then each node's. */
export function clusterPorts(basePort: number, nodes: number): number[] {
  const ports = [basePort];
  for (let node = 1; node <= nodes; node++) {
    const p = nodePorts(basePort, node);
    ports.push(
      p.frontend,
      p.frontendMembership,
      p.frontendHttp,
      p.history,
      p.historyMembership,
      p.matching,
      p.matchingMembership,
      p.worker,
      p.workerMembership,
    );
  }
  return ports;
}
