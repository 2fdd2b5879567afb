import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { resolveTemporalCli } from './temporal-cli.js';
import { searchAttributeFlags } from './search-attributes.js';

export interface DevServerOptions {
  /** All state lives here: the SQLite file `temporal.sqlite` and the server log. */
  dataDir: string;
  port: number;
  uiPort: number;
  namespace?: string;
  /** Where the server's own output goes; default `<dataDir>/temporal-server.log`. */
  logFile?: string;
  /**
   * Serve the server's Prometheus metrics on this port (`/metrics`), among them the `action`
   * counter of what Temporal Cloud would bill. Without it the CLI still opens a random port.
   */
  metricsPort?: number;
}

export interface RunningDevServer {
  address: string;
  uiUrl: string;
  /** The Prometheus text endpoint, when started with a metricsPort. */
  metricsUrl?: string;
  dbFile: string;
  pid: number | undefined;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
  /** Resolves with the exit code if the server dies on its own. */
  exited: Promise<number | null>;
}

/**
 * Starts `temporal server start-dev` backed by a SQLite file, so workflows survive restarts. WAL
 * keeps the file consistent if the process is killed; the search attributes are registered on every
 * start (the server ignores ones it already has).
 */
export async function startDevServer(options: DevServerOptions): Promise<RunningDevServer> {
  const cli = resolveTemporalCli();
  if (cli.kind !== 'binary') throw new Error('A Temporal CLI binary is required to run the dev server');
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const dbFile = join(dataDir, 'temporal.sqlite');
  const logFd = openSync(options.logFile ?? join(dataDir, 'temporal-server.log'), 'a');
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--db-filename',
    dbFile,
    '--sqlite-pragma',
    'journal_mode=wal',
    '--namespace',
    options.namespace ?? 'default',
    '--log-level',
    'warn',
    ...searchAttributeFlags(),
    ...(options.metricsPort ? ['--metrics-port', String(options.metricsPort)] : []),
  ];
  const child = spawn(cli.path, args, { stdio: ['ignore', logFd, logFd], detached: false });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const address = `127.0.0.1:${options.port}`;
  await waitForPort(options.port, child, exited, 60_000);
  return {
    address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    ...(options.metricsPort ? { metricsUrl: `http://127.0.0.1:${options.metricsPort}/metrics` } : {}),
    dbFile,
    pid: child.pid,
    exited,
    stop: () => stopProcess(child, exited),
  };
}

async function waitForPort(
  port: number,
  child: ChildProcess,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let dead = false;
  void exited.then(() => (dead = true));
  while (Date.now() < deadline) {
    if (dead) throw new Error(`Temporal dev server exited during start-up (exit code ${child.exitCode})`);
    if (await canConnect(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`Temporal dev server did not listen on port ${port} within ${timeoutMs / 1000}s`);
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
