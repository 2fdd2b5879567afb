// `plangate dev` as a child process on free ports, for the tests that start the whole system the way
// a newcomer does.
import { spawn } from 'node:child_process';
import { cliPath, repoRoot } from './run-cli.js';
import { freePort } from '../setup/free-port.js';

export interface DevPorts {
  PORT: string;
  TEMPORAL_PORT: string;
  TEMPORAL_UI_PORT: string;
  SMTP_PORT: string;
}

export interface RunningDev {
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  /** Sends the signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function freeDevPorts(): Promise<DevPorts> {
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await freePort());
  const [web, temporal, ui, smtp] = [...ports].map(String) as [string, string, string, string];
  return { PORT: web, TEMPORAL_PORT: temporal, TEMPORAL_UI_PORT: ui, SMTP_PORT: smtp };
}

export function startDev(env: NodeJS.ProcessEnv): RunningDev {
  const child = spawn(process.execPath, [cliPath, 'dev'], {
    env,
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid ?? 0,
    output: () => output,
    exited,
    async stop(signal = 'SIGINT') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Until /healthz answers and the banner is out; fails early with the output if the stack exits. */
export async function waitUntilServing(dev: RunningDev, port: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void dev.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`plangate dev exited during start-up:\n${dev.output()}`);
    const healthy = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (healthy && dev.output().includes('Plangate is running')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`plangate dev did not serve within ${timeoutMs} ms:\n${dev.output()}`);
}
