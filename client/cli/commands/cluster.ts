// `plangate cluster`: the production topology's Temporal part on this machine, loaded on demand.
import { Command } from 'commander';
import { parsePositiveInt } from '../option-parsers.js';

export interface ClusterOptions {
  nodes: number;
  basePort: number;
  databasePrefix: string;
}

export function clusterCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('cluster')
    .description(
      'an N-node Temporal cluster on PostgreSQL on this machine, until Ctrl-C (to try the production topology)',
    )
    .option('--nodes <n>', 'Temporal server processes', parsePositiveInt, 2)
    .option(
      '--base-port <port>',
      "the frontends' balancer; node n uses the 10 ports from base + 10 n",
      parsePositiveInt,
      7233,
    )
    .option(
      '--database-prefix <prefix>',
      'its PostgreSQL databases: <prefix>_temporal and <prefix>_visibility (TEMPORAL_DB_* says where)',
      'plangate_cluster',
    )
    .action(async (options: ClusterOptions) =>
      (await import('../cluster/run-cluster.js')).runCluster(env, options),
    );
}
