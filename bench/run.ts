// `npm run bench`: full request life cycles through the HTTP API against a real dev server, a bare
// Temporal baseline of the same shape in the same run, billed Actions and history size per request,
// the worker's memory and CPU. Prints the figures and writes bench/results/<time>.json + latest.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { existsSync } from 'node:fs';
import pg from 'pg';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { startDevSmtpSink, type DevMail } from '../activities/mailer/index.js';
import { PlangateClient } from '../client/plangate-client.js';
import { startWebServer } from '../client/http/index.js';
import { startDevServer } from '../temporal-config/dev-server.js';
import { resolveTemporalCli } from '../temporal-config/temporal-cli.js';
import { countActions, emptyBreakdown, totalActions, type ActionBreakdown } from './actions.js';
import { percentiles } from './percentiles.js';
import { cpuSeconds, rssMb } from './process-stats.js';
import * as baselineActivities from './baseline/activities.js';
import { baselineDecide } from './baseline/workflows.js';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    accounts: { type: 'string' },
    rate: { type: 'string' },
    pending: { type: 'string' },
    'pending-10k': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const requests = Number(args.requests ?? (args.quick ? 20 : 200));
const accounts = Math.min(Number(args.accounts ?? (args.quick ? 5 : 20)), requests);
const rate = args.rate ? Number(args.rate) : undefined;
const pending = args['pending-10k'] ? 10_000 : Number(args.pending ?? 0);
for (const [name, value] of Object.entries({
  requests,
  accounts,
  pending,
  ...(rate !== undefined ? { rate } : {}),
})) {
  if (!Number.isFinite(value) || value < 0 || (name !== 'pending' && value <= 0))
    throw new Error(`--${name} must be a positive number`);
}

const API_TOKEN = 'bench-token';
const TASK_QUEUE = 'plangate-bench';
const startedAt = new Date();
const work = await mkdtemp(join(tmpdir(), 'plangate-bench-'));
const stops: Array<() => Promise<unknown>> = [];
const progress = (line: string) => process.stderr.write(`${line}\n`);

try {
  // --- the real parts -------------------------------------------------------------------------
  const [temporalPort, uiPort, webPort] = [await freePort(), await freePort(), await freePort()];
  const server = await startDevServer({ dataDir: join(work, 'temporal'), port: temporalPort, uiPort });
  stops.push(() => server.stop());
  const sink = await startDevSmtpSink({ port: 0, maxMessages: 1_000_000 });
  stops.push(() => sink.stop());
  const linkSecret = randomBytes(32);
  const publicUrl = `http://127.0.0.1:${webPort}`;
  // The worker runs as in production: built JavaScript, PostgreSQL, its own process.
  const database = await createBenchDatabase();
  stops.push(() => database.drop());
  const worker = await startWorkerChild({
    DATABASE_URL: database.url,
    BENCH_ACCOUNTS: String(Math.max(accounts, pending)),
    TEMPORAL_ADDRESS: server.address,
    PLANGATE_TASK_QUEUE: TASK_QUEUE,
    SMTP_URL: sink.url,
    PLANGATE_LINK_SECRET: linkSecret.toString('hex'),
    PLANGATE_PUBLIC_URL: publicUrl,
  });
  stops.push(() => stopChild(worker));
  const connection = await Connection.connect({ address: server.address });
  stops.push(() => connection.close());
  const temporal = new Client({ connection });
  const client = new PlangateClient(temporal, { taskQueue: TASK_QUEUE });
  const web = await startWebServer({
    client,
    linkSecret,
    apiToken: API_TOKEN,
    publicUrl,
    port: webPort,
    logger: false,
    rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    pageRateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
  });
  stops.push(() => web.close());

  // --- Plangate life cycles through HTTP ------------------------------------------------------
  const lat = {
    submit: [] as number[],
    approve: [] as number[],
    applied: [] as number[],
    confirmed: [] as number[],
  };
  const requestIds: string[] = [];
  const cpuBefore = cpuSeconds(worker.pid!);
  const lifecycleStart = performance.now();
  let done = 0;
  let ticket = 0;
  await Promise.all(
    Array.from({ length: accounts }, async (_, lane) => {
      for (let i = lane; i < requests; i += accounts) {
        if (rate) {
          const due = lifecycleStart + (ticket++ / rate) * 1000;
          if (due > performance.now()) await sleep(due - performance.now());
        }
        requestIds.push(await lifecycle(`bench-${lane}`, 6 + (i % 50)));
        done += 1;
        if (done % Math.max(1, Math.floor(requests / 10)) === 0)
          progress(`plangate life cycles: ${done}/${requests}`);
      }
    }),
  );
  const lifecycleSeconds = (performance.now() - lifecycleStart) / 1000;
  const workerCpu = cpuSeconds(worker.pid!) - cpuBefore;
  const workerRss = rssMb(worker.pid!);

  async function lifecycle(accountId: string, seats: number): Promise<string> {
    let t = performance.now();
    const submitted = await fetch(`${publicUrl}/api/v1/accounts/${accountId}/change-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestedBy: 'admin', changes: { seats } }),
    });
    if (submitted.status !== 201)
      throw new Error(`submit ${accountId}: HTTP ${submitted.status} ${await submitted.text()}`);
    const { requestId } = (await submitted.json()) as { requestId: string };
    lat.submit.push(performance.now() - t);

    const mail = await sink.waitFor(
      (m) => isMail(m, requestId, 'approval_request', `owner@${accountId}.example`),
      60_000,
    );
    const link = /https?:\/\/[^\s"'<>]+\/approve\/[^\s"'<>]+/.exec(mail.text)?.[0];
    if (!link) throw new Error(`no approval link in the mail of ${requestId}`);
    const page = await (await fetch(link)).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1];
    if (!csrf) throw new Error(`no csrf field on the approval page of ${requestId}`);
    t = performance.now();
    const approved = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ decision: 'approve', reason: '', csrf }).toString(),
    });
    if (approved.status !== 200) throw new Error(`approve ${requestId}: HTTP ${approved.status}`);
    await approved.text();
    const approvedAt = performance.now();
    lat.approve.push(approvedAt - t);

    for (;;) {
      const view = await client.getStatus(accountId, requestId);
      if (view.state === 'applied') break;
      if (!view.open) throw new Error(`${requestId} ended ${view.state}`);
      await sleep(10);
    }
    lat.applied.push(performance.now() - approvedAt);
    await sink.waitFor((m) => isMail(m, requestId, 'confirmation', `admin@${accountId}.example`), 60_000);
    lat.confirmed.push(performance.now() - approvedAt);
    return requestId;
  }

  // --- billed Actions and history size of the approved requests --------------------------------
  const sampled = requestIds.slice(0, Math.min(requestIds.length, 50));
  const breakdown: ActionBreakdown = emptyBreakdown();
  let events = 0;
  for (const requestId of sampled) {
    for await (const execution of temporal.workflow.list({ query: `RequestId = '${requestId}'` })) {
      const history = await temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const counted = countActions(history.events ?? []);
      for (const key of Object.keys(breakdown) as Array<keyof ActionBreakdown>)
        breakdown[key] += counted[key];
      events += history.events?.length ?? 0;
    }
  }
  for (const key of Object.keys(breakdown) as Array<keyof ActionBreakdown>)
    breakdown[key] = round(breakdown[key] / sampled.length, 2);
  const actionsPerApprovedRequest = round(totalActions(breakdown), 2);

  // --- the bare baseline, same server, same concurrency ---------------------------------------
  const baselineBundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(
      new URL(`./baseline/workflows.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
    ),
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  const baselineConnection = await NativeConnection.connect({ address: server.address });
  stops.push(() => baselineConnection.close());
  const baselineWorker = await Worker.create({
    connection: baselineConnection,
    taskQueue: 'baseline',
    workflowBundle: baselineBundle,
    activities: baselineActivities,
  });
  const baselineSeconds = await baselineWorker.runUntil(async () => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: accounts }, async (_, lane) => {
        for (let i = lane; i < requests; i += accounts) {
          const handle = await temporal.workflow.start('baselineRequest', {
            taskQueue: 'baseline',
            workflowId: `baseline-${i}`,
          });
          await handle.executeUpdate(baselineDecide, { args: ['approve'] });
          await handle.result();
        }
      }),
    );
    return (performance.now() - start) / 1000;
  });
  progress(`baseline: ${requests} workflows in ${round(baselineSeconds, 1)} s`);

  // --- many requests waiting for approval -------------------------------------------------------
  let workerRssMbPending: number | undefined;
  if (pending > 0) {
    const first = accounts;
    let submitted = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, lane) => {
        for (let i = first + lane; i < first + pending; i += 20) {
          if (i >= Math.max(accounts, pending)) break;
          await client.submitChangeRequest({
            accountId: `bench-${i}`,
            requestedBy: 'admin',
            changes: { seats: 6 },
          });
          if (++submitted % Math.max(1, Math.floor(pending / 10)) === 0)
            progress(`pending requests: ${submitted}/${pending}`);
        }
      }),
    );
    await sleep(3000);
    workerRssMbPending = rssMb(worker.pid!);
  }

  const report = {
    throughputRatio: round(requests / lifecycleSeconds / (requests / baselineSeconds), 3),
    lifecyclesPerSecond: round(requests / lifecycleSeconds, 2),
    baselinePerSecond: round(requests / baselineSeconds, 2),
    actionsPerApprovedRequest,
    actionsBreakdown: breakdown,
    historyEventsPerRequest: round(events / sampled.length, 1),
    latencyMs: {
      submit: percentiles(lat.submit),
      approve: percentiles(lat.approve),
      applied: percentiles(lat.applied),
      confirmed: percentiles(lat.confirmed),
    },
    workerRssMb: workerRss,
    workerCpuSecondsPerRequest: round(workerCpu / requests, 4),
    ...(workerRssMbPending !== undefined
      ? { workerRssMbPending10k: workerRssMbPending, pendingRequests: pending }
      : {}),
    targets: { throughputRatio: 0.7, actionsPerApprovedRequest: 7, workerRssMbPending10k: 500 },
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGb: round(totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: process.platform,
    },
    versions: {
      plangate: await packageVersion('../package.json'),
      temporalSdk: await packageVersion('../node_modules/@temporalio/worker/package.json'),
      temporalCli: cliVersion(),
    },
    parameters: {
      requests,
      accounts,
      rate: rate ?? 'flat out',
      pending,
      mode: args.quick ? 'quick' : 'full',
      maxCachedWorkflows: 1000,
    },
    startedAt: startedAt.toISOString(),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
  };
  const outDir = fileURLToPath(new URL('./results/', import.meta.url));
  await mkdir(outDir, { recursive: true });
  const text = JSON.stringify(report, null, 2) + '\n';
  if (args.out) await writeFile(args.out, text);
  else {
    await writeFile(join(outDir, `${startedAt.toISOString().replaceAll(':', '-')}.json`), text);
    await writeFile(join(outDir, 'latest.json'), text);
  }
  printSummary(report);
} finally {
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await rm(work, { recursive: true, force: true });
}

function printSummary(r: {
  throughputRatio: number;
  lifecyclesPerSecond: number;
  baselinePerSecond: number;
  actionsPerApprovedRequest: number;
  historyEventsPerRequest: number;
  latencyMs: Record<string, { p50: number; p95: number; p99: number }>;
  workerRssMb: number;
  workerCpuSecondsPerRequest: number;
  workerRssMbPending10k?: number;
}) {
  const mark = (ok: boolean) => (ok ? 'met' : 'NOT met');
  console.log(`life cycles/s        ${r.lifecyclesPerSecond}   baseline/s ${r.baselinePerSecond}`);
  console.log(
    `throughput ratio     ${r.throughputRatio}   (target >= 0.7: ${mark(r.throughputRatio >= 0.7)})`,
  );
  console.log(
    `Actions per request  ${r.actionsPerApprovedRequest}   (target <= 7: ${mark(r.actionsPerApprovedRequest <= 7)})`,
  );
  console.log(`history events       ${r.historyEventsPerRequest} per request`);
  for (const [name, p] of Object.entries(r.latencyMs))
    console.log(`latency ${name.padEnd(10)} p50 ${p.p50} ms  p95 ${p.p95} ms  p99 ${p.p99} ms`);
  console.log(`worker RSS           ${r.workerRssMb} MB, CPU ${r.workerCpuSecondsPerRequest} s per request`);
  if (r.workerRssMbPending10k !== undefined)
    console.log(
      `worker RSS, pending  ${r.workerRssMbPending10k} MB (target < 500: ${mark(r.workerRssMbPending10k < 500)})`,
    );
}

function isMail(m: DevMail, requestId: string, kind: string, to: string): boolean {
  return (
    m.headers['x-plangate-request-id'] === requestId &&
    m.headers['x-plangate-kind']?.split(':')[0] === kind &&
    m.to.includes(to)
  );
}

async function startWorkerChild(env: Record<string, string>): Promise<ChildProcess> {
  // Prefer the build (npm run build): tsx and on-the-fly bundling would inflate the worker's memory.
  const built = fileURLToPath(new URL('../dist/bench/worker-child.js', import.meta.url));
  const entry = existsSync(built) ? built : fileURLToPath(new URL('./worker-child.ts', import.meta.url));
  const child = spawn(process.execPath, [...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => line === 'READY' && resolve());
    child.once('exit', (code) => reject(new Error(`bench worker exited with ${code} before it was ready`)));
  });
  await ready;
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A fresh database on the machine's PostgreSQL (or PLANGATE_BENCH_DATABASE_URL's server). */
async function createBenchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.PLANGATE_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `plangate_bench_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function packageVersion(relative: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return (
    JSON.parse(await readFile(fileURLToPath(new URL(relative, import.meta.url)), 'utf8')) as {
      version: string;
    }
  ).version;
}

function cliVersion(): string {
  const cli = resolveTemporalCli({ allowGoInstall: false });
  return cli.kind === 'binary' ? cli.path : 'sdk download';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
