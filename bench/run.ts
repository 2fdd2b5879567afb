// `npm run bench`: full request life cycles through the HTTP API against a real dev server, at a
// fixed arrival rate and flat out; a bare Temporal baseline of the same shape in the same run; billed
// Actions and history size per request, and what the server itself bills (its `action` counter) per
// life cycle and per status read; the worker's memory and CPU, also with many requests pending;
// with --profile, the worker's CPU profile and its top functions by self time.
// Prints the figures and writes bench/results/<time>.json and latest.json (or --out).
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { measureRequestHistories } from './actions.js';
import { runBaseline } from './baseline/run-baseline.js';
import { startBenchStack } from './bench-stack.js';
import { runClusterBench } from './cluster-bench.js';
import { billedPer, settledActionCounter } from './billed-actions.js';
import { compareWorkers, printComparison } from './compare-workers.js';
import { topSelfTime, workerProfilesIn } from './cpu-profile.js';
import { runLifecycles, SeatLadder } from './lifecycles.js';
import { openPendingRequests } from './pending-requests.js';
import { cpuSeconds, rssMb } from './process-stats.js';
import { benchReport, printProfile, printReport, type BenchParameters } from './report.js';
import { billedPerStatusRead } from './status-reads.js';
import { startWebhookProbe } from './webhooks.js';

const parameters = parseParameters();
// The baseline's worker runs in this process: its routine log lines would drown the progress bars.
Runtime.install({ logger: new DefaultLogger('WARN') });
const startedAt = new Date();
const work = await mkdtemp(join(tmpdir(), 'plangate-bench-'));
const profileDir = parameters.profile ? join(work, 'profile') : undefined;
try {
  const stack = await startBenchStack({
    dataDir: join(work, 'temporal'),
    // One more account than the phases use: the status-read probe's pending request.
    accounts: parameters.accounts + parameters.pending + 1,
    ...(profileDir ? { workerProfileDir: profileDir } : {}),
  });
  const webhooks = await startWebhookProbe(stack.store).catch(async (error: unknown) => {
    await stack.stop();
    throw error;
  });
  try {
    const ladder = new SeatLadder();
    const { requests, accounts } = parameters;
    if (parameters.compareWorker) {
      const comparison = await compareWorkers(stack, {
        otherEntry: parameters.compareWorker,
        rounds: parameters.rounds,
        requests,
        accounts,
        ladder,
      });
      const report = { comparison, parameters, startedAt: startedAt.toISOString() };
      await writeReport(report, parameters.out, 'compare-');
      printComparison(comparison);
    } else {
      const worker = stack.worker.pid!;

      const fixedRate = await runLifecycles(
        stack,
        { label: `plangate ${parameters.rate}/s`, requests, accounts, arrivalsPerSecond: parameters.rate },
        ladder,
      );
      const server = stack.server.pid!;
      const metricsUrl = stack.server.metricsUrl!;
      const billedBefore = await settledActionCounter(metricsUrl);
      const cpuBefore = { worker: cpuSeconds(worker), server: cpuSeconds(server), bench: process.cpuUsage() };
      const flatOut = await runLifecycles(stack, { label: 'plangate flat out', requests, accounts }, ladder);
      const benchCpu = process.cpuUsage(cpuBefore.bench);
      const billedActions = billedPer(billedBefore, await settledActionCounter(metricsUrl), requests);
      const cpu = {
        worker: cpuSeconds(worker) - cpuBefore.worker,
        temporalServer: cpuSeconds(server) - cpuBefore.server,
        benchProcess: (benchCpu.user + benchCpu.system) / 1e6,
      };
      const workerRssMb = rssMb(worker);
      const histories = await measureRequestHistories(stack.temporal, flatOut.requestIds.slice(0, 50));
      const billedActionsPerStatusRead = await billedPerStatusRead(stack, metricsUrl, {
        accountId: `bench-${accounts + parameters.pending}`,
        reads: 20,
      });
      const baseline = await runBaseline(stack.temporal, stack.server.address, { requests, lanes: accounts });

      let pending: { requests: number; rssMbBefore: number; rssMb: number } | undefined;
      if (parameters.pending > 0) {
        const rssMbBefore = rssMb(worker);
        await openPendingRequests(stack.client, { count: parameters.pending, firstAccount: accounts });
        // Let the last tasks finish and the cache settle before reading the resident size.
        await new Promise((resolve) => setTimeout(resolve, 3000));
        pending = { requests: parameters.pending, rssMbBefore, rssMb: rssMb(worker) };
      }

      // The cluster runs alone: the dev stack's processes stop first so they take no CPU from it.
      const cluster = parameters.cluster
        ? (await stack.stop(), await runClusterBench(parameters))
        : undefined;

      const report = benchReport({
        parameters,
        startedAt,
        fixedRate,
        flatOut,
        baseline,
        histories,
        billedActions,
        billedActionsPerStatusRead,
        worker: { rssMb: workerRssMb },
        cpu,
        pending,
        webhooks: webhooks.figures(),
        cluster,
        versions: {
          plangate: await packageVersion('../package.json'),
          temporalSdk: await packageVersion('../node_modules/@temporalio/worker/package.json'),
        },
      });
      await writeReport(report, parameters.out);
      printReport(report);
    }
  } finally {
    await webhooks.close();
    await stack.stop();
  }
  // The worker writes its profiles as it exits: the whole run, the life cycles nearly all of it.
  if (profileDir) {
    const stamp = startedAt.toISOString().replaceAll(':', '-');
    await mkdir(resultsDir(), { recursive: true });
    const kept: string[] = [];
    for (const [i, file] of (await workerProfilesIn(profileDir)).entries()) {
      kept.push(join(resultsDir(), `worker-${stamp}-${i + 1}.cpuprofile`));
      await copyFile(file, kept.at(-1)!);
    }
    printProfile(kept, await topSelfTime(kept, 25, fileURLToPath(new URL('..', import.meta.url))));
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

function parseParameters(): BenchParameters {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      requests: { type: 'string' },
      accounts: { type: 'string' },
      rate: { type: 'string' },
      pending: { type: 'string' },
      'pending-10k': { type: 'boolean', default: false },
      cluster: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'compare-worker': { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const number = (name: string, raw: string | undefined, fallback: number, min: number) => {
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(value) || value < min)
      throw new Error(`--${name} must be a number of at least ${min}, got "${raw}"`);
    return value;
  };
  const quick = values.quick ?? false;
  const requests = Math.floor(number('requests', values.requests, quick ? 20 : 200, 1));
  const accounts = Math.min(Math.floor(number('accounts', values.accounts, quick ? 5 : 20, 1)), requests);
  const rate = number('rate', values.rate, 2, 0.01);
  const pending = values['pending-10k'] ? 10_000 : Math.floor(number('pending', values.pending, 0, 0));
  const compareWorker = values['compare-worker'];
  const rounds = Math.floor(number('rounds', values.rounds, 2, 1));
  // Both phases raise each account's seats by one per request, up to the plan's maximum; a comparison
  // runs a warm-up and a flat-out phase per build and round.
  const perAccount = compareWorker
    ? 2 * rounds * (1 + Math.ceil(requests / accounts))
    : 2 * Math.ceil(requests / accounts);
  if (SeatLadder.seeded + perAccount > SeatLadder.planMaximum)
    throw new Error(
      `--requests ${requests} over --accounts ${accounts} is ${perAccount} requests per account; ` +
        `at most ${SeatLadder.planMaximum - SeatLadder.seeded} fit: raise --accounts`,
    );
  const cluster = values.cluster ?? false;
  const profile = values.profile ?? false;
  return {
    quick,
    requests,
    accounts,
    rate,
    pending,
    cluster,
    profile,
    rounds,
    ...(compareWorker ? { compareWorker } : {}),
    ...(values.out ? { out: values.out } : {}),
  };
}

async function writeReport(report: object, out: string | undefined, prefix = ''): Promise<void> {
  const text = JSON.stringify(report, null, 2) + '\n';
  if (out) return writeFile(out, text);
  const dir = resultsDir();
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${prefix}${startedAt.toISOString().replaceAll(':', '-')}.json`), text);
  await writeFile(join(dir, `${prefix}latest.json`), text);
}

function resultsDir(): string {
  return fileURLToPath(new URL('./results/', import.meta.url));
}

async function packageVersion(relative: string): Promise<string> {
  const file = fileURLToPath(new URL(relative, import.meta.url));
  return (JSON.parse(await readFile(file, 'utf8')) as { version: string }).version;
}
