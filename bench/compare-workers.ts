// `npm run bench -- --compare-worker <other build's dist/client/cli/main.js>`: this build's worker
// and another's, side by side in one run on one stack: rounds of (other, this), each a warm-up of
// one life cycle per account, the flat-out phase with the worker's CPU read from /proc, and the bare
// Temporal baseline right after it. On a shared machine the load drifts over minutes; alternating
// the builds round by round lets both meet the same drift.
import type { Client } from '@temporalio/client';
import { runBaseline } from './baseline/run-baseline.js';
import { workerEntry, type BenchStack } from './bench-stack.js';
import { runLifecycles, type SeatLadder } from './lifecycles.js';
import { cpuSeconds } from './process-stats.js';
import { round } from './round.js';

export interface WorkerRound {
  build: 'other' | 'this';
  workerCpuSecondsPerLifecycle: number;
  lifecyclesPerSecond: number;
  baselinePerSecond: number;
  throughputRatio: number;
}

export interface WorkerComparison {
  other: string;
  this: string;
  rounds: WorkerRound[];
  /** Means over the rounds, per build. */
  mean: Record<WorkerRound['build'], Omit<WorkerRound, 'build'>>;
}

export async function compareWorkers(
  stack: BenchStack & { temporal: Client },
  options: { otherEntry: string; rounds: number; requests: number; accounts: number; ladder: SeatLadder },
): Promise<WorkerComparison> {
  const { requests, accounts, ladder } = options;
  const rounds: WorkerRound[] = [];
  for (let i = 0; i < options.rounds; i++) {
    for (const build of ['other', 'this'] as const) {
      await stack.replaceWorker(build === 'other' ? options.otherEntry : workerEntry);
      await runLifecycles(stack, { label: `${build} warm-up`, requests: accounts, accounts }, ladder);
      const pid = stack.worker.pid!;
      const before = cpuSeconds(pid);
      const flatOut = await runLifecycles(stack, { label: `${build} flat out`, requests, accounts }, ladder);
      const cpu = cpuSeconds(pid) - before;
      const baseline = await runBaseline(stack.temporal, stack.server.address, { requests, lanes: accounts });
      rounds.push({
        build,
        workerCpuSecondsPerLifecycle: round(cpu / requests, 4),
        lifecyclesPerSecond: round(flatOut.lifecyclesPerSecond, 2),
        baselinePerSecond: round(baseline.perSecond, 2),
        throughputRatio: round(flatOut.lifecyclesPerSecond / baseline.perSecond, 3),
      });
    }
  }
  const mean = (build: WorkerRound['build']) => {
    const of = rounds.filter((r) => r.build === build);
    const avg = (key: keyof Omit<WorkerRound, 'build'>, digits: number) =>
      round(of.reduce((sum, r) => sum + r[key], 0) / of.length, digits);
    return {
      workerCpuSecondsPerLifecycle: avg('workerCpuSecondsPerLifecycle', 4),
      lifecyclesPerSecond: avg('lifecyclesPerSecond', 2),
      baselinePerSecond: avg('baselinePerSecond', 2),
      throughputRatio: avg('throughputRatio', 3),
    };
  };
  return {
    other: options.otherEntry,
    this: workerEntry,
    rounds,
    mean: { other: mean('other'), this: mean('this') },
  };
}

export function printComparison(c: WorkerComparison): void {
  const line = (label: string, r: Omit<WorkerRound, 'build'>) =>
    `${label.padEnd(14)} worker CPU/life cycle ${r.workerCpuSecondsPerLifecycle} s   ${r.lifecyclesPerSecond} life cycles/s   baseline ${r.baselinePerSecond}/s   ratio ${r.throughputRatio}`;
  console.log(
    [
      `other build    ${c.other}`,
      `this build     ${c.this}`,
      ...c.rounds.map((r, i) => line(`round ${Math.floor(i / 2) + 1} ${r.build}`, r)),
      line('mean other', c.mean.other),
      line('mean this', c.mean.this),
    ].join('\n'),
  );
}
