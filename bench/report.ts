// The benchmark's report: every figure with the machine, versions and parameters that produced it.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { resolveTemporalCli } from '../temporal-config/temporal-cli.js';
import type { ActionBreakdown } from './actions.js';
import { compareWithHistory, type BilledActions } from './billed-actions.js';
import type { ClusterFigures } from './cluster-bench.js';
import type { SelfTime } from './cpu-profile.js';
import { workerEntry, workerNodeOptions } from './bench-stack.js';
import type { LifecycleResult } from './lifecycles.js';
import { round } from './round.js';
import type { WebhookFigures } from './webhooks.js';

export interface BenchParameters {
  quick: boolean;
  requests: number;
  accounts: number;
  /** Arrivals per second of the fixed-rate phase. */
  rate: number;
  pending: number;
  /** Also run the flat-out life cycles on the production topology (`cluster` in the report). */
  cluster: boolean;
  /** Run the worker under `node --cpu-prof` and print its top functions by self time. */
  profile: boolean;
  /** Instead of the report: this build's worker against the one of this entry, in `rounds` rounds. */
  compareWorker?: string;
  rounds: number;
  out?: string;
}

export const targets = {
  throughputRatio: 0.7,
  actionsPerApprovedRequest: 7,
  billedActionsPerLifecycle: 8,
  billedActionsPerStatusRead: 0,
  workerCpuSecondsPerRequest: 0.035,
  workerRssMbPending10k: 500,
};

export function benchReport(run: {
  parameters: BenchParameters;
  startedAt: Date;
  fixedRate: LifecycleResult;
  flatOut: LifecycleResult;
  baseline: { perSecond: number };
  histories: { perRequest: ActionBreakdown; actionsPerRequest: number; eventsPerRequest: number };
  /** The server's `action` counter over the flat-out phase, per approved life cycle. */
  billedActions: BilledActions;
  /** The same counter over API status reads of one pending request, per read. */
  billedActionsPerStatusRead: BilledActions;
  worker: { rssMb: number };
  /** CPU seconds each process used during the flat-out phase. */
  cpu: { worker: number; temporalServer: number; benchProcess: number };
  pending: { requests: number; rssMbBefore: number; rssMb: number } | undefined;
  /** Webhook deliveries to the bench's receiver: event createdAt to receipt. */
  webhooks: WebhookFigures;
  cluster?: ClusterFigures | undefined;
  versions: { plangate: string; temporalSdk: string };
}) {
  const { parameters, flatOut, fixedRate, pending } = run;
  const { out: _out, ...shownParameters } = parameters;
  return {
    throughputRatio: round(flatOut.lifecyclesPerSecond / run.baseline.perSecond, 3),
    lifecyclesPerSecond: round(flatOut.lifecyclesPerSecond, 2),
    baselinePerSecond: round(run.baseline.perSecond, 2),
    actionsPerApprovedRequest: run.histories.actionsPerRequest,
    actionsBreakdown: run.histories.perRequest,
    /**
     * Billed by the server per life cycle as a user goes through it (submit, approval page, approve,
     * the requester's status page once), with one webhook endpoint on: what history cannot see too.
     */
    billedActions: run.billedActions,
    /** The server's count beside the history's, category by category (README, Benchmarks). */
    billedAgainstHistory: compareWithHistory(run.billedActions, run.histories.perRequest),
    billedActionsPerStatusRead: run.billedActionsPerStatusRead.total,
    billedActionsPerStatusReadByType: run.billedActionsPerStatusRead.byType,
    historyEventsPerRequest: run.histories.eventsPerRequest,
    /** Flat out: every account starts its next request as soon as the last one is confirmed. */
    latencyMs: flatOut.latencyMs,
    fixedRate: {
      arrivalsPerSecond: parameters.rate,
      lifecyclesPerSecond: round(fixedRate.lifecyclesPerSecond, 2),
      latencyMs: fixedRate.latencyMs,
    },
    workerRssMb: run.worker.rssMb,
    workerCpuSecondsPerRequest: round(run.cpu.worker / parameters.requests, 4),
    /** Where the machine's CPU went, flat out: the share the system under test leaves to Temporal. */
    cpuSecondsPerRequest: {
      worker: round(run.cpu.worker / parameters.requests, 4),
      temporalServer: round(run.cpu.temporalServer / parameters.requests, 4),
      benchProcess: round(run.cpu.benchProcess / parameters.requests, 4),
    },
    ...(pending
      ? {
          workerRssMbPending: pending,
          ...(pending.requests === 10_000 ? { workerRssMbPending10k: pending.rssMb } : {}),
        }
      : {}),
    webhooks: run.webhooks,
    ...(run.cluster ? { cluster: run.cluster } : {}),
    targets,
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: process.platform,
    },
    versions: { ...run.versions, temporalCli: temporalCliVersion() },
    parameters: {
      ...shownParameters,
      mode: parameters.quick ? 'quick' : 'full',
      workerNodeOptions,
      ...(process.env.BENCH_WORKER_ENTRY ? { workerEntry } : {}),
      workerMaxCachedWorkflows: process.env.WORKER_MAX_CACHED_WORKFLOWS || 'default',
    },
    startedAt: run.startedAt.toISOString(),
    durationSeconds: round((Date.now() - run.startedAt.getTime()) / 1000, 1),
  };
}

export type BenchReport = ReturnType<typeof benchReport>;

export function printReport(r: BenchReport): void {
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [
    `life cycles/s        ${r.lifecyclesPerSecond} flat out (baseline ${r.baselinePerSecond}/s)`,
    `throughput ratio     ${r.throughputRatio}   (target >= ${targets.throughputRatio}: ${mark(r.throughputRatio >= targets.throughputRatio)})`,
    `Actions per request  ${r.actionsPerApprovedRequest} from histories   (target <= ${targets.actionsPerApprovedRequest}: ${mark(r.actionsPerApprovedRequest <= targets.actionsPerApprovedRequest)})`,
    `billed by server     ${r.billedActions.total} per life cycle   (target <= ${targets.billedActionsPerLifecycle}: ${mark(r.billedActions.total <= targets.billedActionsPerLifecycle)}): ${byTypeText(r.billedActions.byType)}`,
    `  against history    ${r.billedAgainstHistory.disagreements.length === 0 ? 'agree on every shared type' : `differ on ${r.billedAgainstHistory.disagreements.join(', ')}`}; server only: ${byTypeText(r.billedAgainstHistory.serverOnly) || 'none'}`,
    `billed per status    ${r.billedActionsPerStatusRead} per API read of a pending request   (target ${targets.billedActionsPerStatusRead}: ${mark(r.billedActionsPerStatusRead <= targets.billedActionsPerStatusRead)})`,
    `history events       ${r.historyEventsPerRequest} per request`,
    ...latencyLines('flat out', r.latencyMs),
    ...latencyLines(`${r.fixedRate.arrivalsPerSecond}/s`, r.fixedRate.latencyMs),
    `worker RSS           ${r.workerRssMb} MB`,
    `CPU per request      worker ${r.cpuSecondsPerRequest.worker} s (target <= ${targets.workerCpuSecondsPerRequest}: ${mark(r.cpuSecondsPerRequest.worker <= targets.workerCpuSecondsPerRequest)}), Temporal server ${r.cpuSecondsPerRequest.temporalServer} s, bench (web, sink, client) ${r.cpuSecondsPerRequest.benchProcess} s`,
    r.webhooks.latencyMs
      ? `webhooks             ${r.webhooks.deliveries} deliveries to ${r.webhooks.endpoints} endpoint, event to receipt p50 ${r.webhooks.latencyMs.p50} ms  p95 ${r.webhooks.latencyMs.p95} ms  p99 ${r.webhooks.latencyMs.p99} ms`
      : `webhooks             0 deliveries to ${r.webhooks.endpoints} endpoint (no events emitted)`,
  ];
  if (r.workerRssMbPending) {
    const { requests, rssMbBefore, rssMb } = r.workerRssMbPending;
    const verdict =
      requests === 10_000
        ? ` (target < ${targets.workerRssMbPending10k}: ${mark(rssMb < targets.workerRssMbPending10k)})`
        : '';
    lines.push(
      `worker RSS, pending  ${rssMb} MB with ${requests} requests open (${rssMbBefore} MB before)${verdict}`,
    );
  }
  if (r.cluster) {
    const c = r.cluster;
    const cpu = c.cpuSecondsPerRequest;
    lines.push(
      `cluster              ${c.temporalNodes} Temporal nodes, ${c.workers} workers, ${c.webServers} web servers: ${c.lifecyclesPerSecond} life cycles/s flat out`,
      ...latencyLines('cluster', c.latencyMs),
      `cluster CPU/request  Temporal servers ${cpu.temporalServers} s, workers ${cpu.workers} s, web servers ${cpu.webServers} s, bench ${cpu.benchProcess} s`,
      `cluster idle CPU     Temporal servers ${c.idleCpuSecondsPerSecond.temporalServers} s/s, workers ${c.idleCpuSecondsPerSecond.workers} s/s, web servers ${c.idleCpuSecondsPerSecond.webServers} s/s`,
    );
  }
  console.log(lines.join('\n'));
}

function byTypeText(byType: Record<string, number>): string {
  return Object.entries(byType)
    .map(([type, count]) => `${type} ${count}`)
    .join(', ');
}

export function printProfile(files: string[], top: SelfTime[]): void {
  console.log(
    `worker CPU profile   the whole run, one file per thread (flame graph: Chrome DevTools or speedscope)`,
  );
  for (const file of files) console.log(`  ${file}`);
  console.log('  top functions by self time, all threads:');
  for (const entry of top)
    console.log(
      `  ${String(entry.selfMs).padStart(9)} ms ${String(entry.percent).padStart(5)} %  ${entry.function}`,
    );
}

function latencyLines(phase: string, latency: LifecycleResult['latencyMs']): string[] {
  return Object.entries(latency).map(
    ([name, p]) =>
      `latency ${phase.padEnd(9)} ${name.padEnd(10)} p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms`,
  );
}

function temporalCliVersion(): string {
  try {
    const cli = resolveTemporalCli({ allowGoInstall: false });
    if (cli.kind !== 'binary') return 'downloaded by the SDK';
    return execFileSync(cli.path, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
