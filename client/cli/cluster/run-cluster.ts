// `plangate cluster`: starts an N-node Temporal cluster on PostgreSQL with its own databases (the
// same code the cluster tests and the bench run), prints how to point workers and web servers at
// it, and stops the nodes on Ctrl-C, or stops the rest when one dies on its own.
import { resolve } from 'node:path';
import { startLocalCluster } from '../../../temporal-config/cluster/local-cluster.js';
import {
  clusterDatabases,
  clusterPorts,
  temporalDatabaseServerFromEnv,
  type TemporalDatabases,
} from '../../../temporal-config/cluster/server-config.js';
import { resolveTemporalCli } from '../../../temporal-config/temporal-cli.js';
import { resolveTemporalServer } from '../../../temporal-config/temporal-server.js';
import type { ClusterOptions } from '../commands/cluster.js';
import { isFree } from '../dev/ports.js';
import { CliError, ExitCode } from '../exit-codes.js';

export async function runCluster(env: NodeJS.ProcessEnv, options: ClusterOptions): Promise<void> {
  let databases: TemporalDatabases;
  try {
    databases = clusterDatabases(temporalDatabaseServerFromEnv(env), options.databasePrefix);
  } catch (error) {
    throw new CliError(`--database-prefix: ${(error as Error).message}`, ExitCode.Usage);
  }
  await assertClusterPortsFree(options);
  const say = (line: string) => process.stderr.write(`plangate cluster: ${line}\n`);
  // Built once per machine (minutes) when neither PATH nor the cache has them, like the CLI.
  const tools = resolveTemporalServer({ env, log: say });
  const cli = resolveTemporalCli({ env, log: say });
  if (cli.kind !== 'binary') throw new CliError('the temporal CLI is needed', ExitCode.Failed);
  const logDir = resolve(env.PLANGATE_DATA_DIR || './var', 'cluster');

  const interrupted = new Promise<string>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => done(signal));
  });
  const cluster = await startLocalCluster({
    tools,
    cli: cli.path,
    nodes: options.nodes,
    basePort: options.basePort,
    databases,
    logDir,
    log: say,
  }).catch((error: unknown) => {
    throw new CliError(`could not start the cluster: ${(error as Error).message}`, ExitCode.Unreachable);
  });
  process.stdout.write(banner(cluster.address, cluster.nodes, databases, logDir));

  const crashed = Promise.race(
    cluster.nodes.map((node) => node.exited().then((code) => ({ node: node.index, code }))),
  );
  const outcome = await Promise.race([interrupted.then((signal) => ({ signal })), crashed]);
  if ('signal' in outcome) {
    say(`${outcome.signal}: stopping the nodes`);
    await cluster.stop();
    say(`stopped; the databases stay for the next start`);
    return;
  }
  say(`node ${outcome.node} exited on its own (code ${outcome.code}); stopping the rest`);
  await cluster.stop();
  throw new CliError(
    `Temporal node ${outcome.node} stopped; see ${logDir}/node-${outcome.node}.log`,
    ExitCode.Failed,
  );
}

async function assertClusterPortsFree(options: ClusterOptions): Promise<void> {
  const ports = clusterPorts(options.basePort, options.nodes);
  if (ports.at(-1)! > 65_535)
    throw new CliError(
      `--base-port ${options.basePort} leaves no room for ${options.nodes} nodes`,
      ExitCode.Usage,
    );
  for (const port of ports) {
    if (!(await isFree(port)))
      throw new CliError(
        `Port ${port} is in use (the cluster needs ${options.basePort} and the ten ports from ${options.basePort + 10} per node); choose another --base-port`,
        ExitCode.Failed,
      );
  }
}

function banner(
  address: string,
  nodes: Array<{ index: number; address: string; logFile: string }>,
  databases: TemporalDatabases,
  logDir: string,
): string {
  const db = `${databases.host}:${databases.port}`;
  return [
    `Temporal cluster: ${nodes.length} nodes on PostgreSQL ${db} (databases ${databases.database}, ${databases.visibilityDatabase}), namespace default`,
    ...nodes.map((node) => `  node ${node.index} frontend  ${node.address}`),
    `  balancer         ${address}   (round-robin over the frontends: point everything here)`,
    `  logs             ${logDir}/node-<n>.log`,
    '',
    'No Web UI runs here; read workflows with the CLI:',
    `  temporal workflow list --address ${address}`,
    '',
    'Workers and web servers, each in a terminal of its own, all with the same settings:',
    `  export TEMPORAL_ADDRESS=${address} DATABASE_URL=postgres://postgres@127.0.0.1:5432/plangate`,
    '  export PLANGATE_LINK_SECRET=<the same 64 hex characters everywhere: openssl rand -hex 32>',
    '  export SMTP_URL=<your relay, e.g. smtp://127.0.0.1:2525>',
    '  npx plangate migrate',
    '  npx plangate worker',
    '  PORT=3000 PLANGATE_API_TOKEN=<token> npx plangate web',
    '',
    'Ctrl-C stops the nodes; the databases stay and the next start finds every workflow.',
    '',
  ].join('\n');
}
