// `npm run bench -- --cluster`: the same flat-out life cycles as against the dev server, on the
// production topology of test/cluster (two Temporal server nodes on PostgreSQL, two `plangate
// worker`, two `plangate web` behind a balancer, the store on its own PostgreSQL), with the CPU each
// kind of process spent per request, and what each costs while idle.
import { startClusterTopology } from '../test/cluster/topology.js';
import { workerNodeOptions } from './bench-stack.js';
import { runLifecycles, SeatLadder, type LifecycleResult } from './lifecycles.js';
import { cpuSeconds } from './process-stats.js';
import { round } from './round.js';

export interface ClusterFigures {
  temporalNodes: number;
  workers: number;
  webServers: number;
  lifecyclesPerSecond: number;
  latencyMs: LifecycleResult['latencyMs'];
  /** Per request, flat out: all Temporal nodes together, all workers, all web servers, the bench. */
  cpuSecondsPerRequest: {
    temporalServers: number;
    workers: number;
    webServers: number;
    benchProcess: number;
  };
  /**
   * CPU per second of wall time with nothing to do: what each node costs just by running (membership
   * gossip, shard and queue housekeeping, the workers' long polls). It grows with the node count.
   */
  idleCpuSecondsPerSecond: { temporalServers: number; workers: number; webServers: number };
}

/** Long enough to average the servers' periodic housekeeping (a few seconds apart). */
const idleWindowMs = 5_000;

export async function runClusterBench(options: {
  requests: number;
  accounts: number;
}): Promise<ClusterFigures> {
  const topology = await startClusterTopology({ accounts: options.accounts, workerNodeOptions });
  try {
    const { cluster, workers, webServers } = topology;
    const pids = (processes: Array<{ pid: number | undefined }>) => processes.map((p) => p.pid!);
    const groups = {
      temporalServers: pids(cluster.nodes),
      workers: pids(workers),
      webServers: pids(webServers),
    };
    const cpu = (group: number[]) => group.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    // Fresh processes compile and load their code on the first requests; the dev stack's worker
    // was warmed by the fixed-rate phase. One life cycle per account first, unmeasured.
    const ladder = new SeatLadder();
    await runLifecycles(
      topology,
      { label: 'cluster warm-up', requests: options.accounts, accounts: options.accounts },
      ladder,
    );
    const idleStart = {
      temporalServers: cpu(groups.temporalServers),
      workers: cpu(groups.workers),
      webServers: cpu(groups.webServers),
    };
    await new Promise((resolve) => setTimeout(resolve, idleWindowMs));
    const idle = (group: keyof typeof groups) =>
      round((cpu(groups[group]) - idleStart[group]) / (idleWindowMs / 1000), 4);
    const idleCpuSecondsPerSecond = {
      temporalServers: idle('temporalServers'),
      workers: idle('workers'),
      webServers: idle('webServers'),
    };
    const before = {
      temporalServers: cpu(groups.temporalServers),
      workers: cpu(groups.workers),
      webServers: cpu(groups.webServers),
      bench: process.cpuUsage(),
    };
    const flatOut = await runLifecycles(
      topology,
      { label: 'cluster flat out', requests: options.requests, accounts: options.accounts },
      ladder,
    );
    const bench = process.cpuUsage(before.bench);
    const perRequest = (seconds: number) => round(seconds / options.requests, 4);
    return {
      temporalNodes: cluster.nodes.length,
      workers: workers.length,
      webServers: webServers.length,
      lifecyclesPerSecond: round(flatOut.lifecyclesPerSecond, 2),
      latencyMs: flatOut.latencyMs,
      cpuSecondsPerRequest: {
        temporalServers: perRequest(cpu(groups.temporalServers) - before.temporalServers),
        workers: perRequest(cpu(groups.workers) - before.workers),
        webServers: perRequest(cpu(groups.webServers) - before.webServers),
        benchProcess: perRequest((bench.user + bench.system) / 1e6),
      },
      idleCpuSecondsPerSecond,
    };
  } finally {
    await topology.stop();
  }
}
