// One Temporal server process (all four services) of a cluster, started from postgresql.yaml with
// its node's settings in the environment. It can be killed and started again on the same ports,
// as the fault tests do, and rejoins the cluster through the membership table.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { canConnect } from '../dev-server.js';
import { nodeEnvironment, serverArgs, type NodePorts, type NodeSettings } from './server-config.js';

export class ClusterNode {
  readonly ports: NodePorts;
  /** This node's own frontend (clients normally go through the balancer instead). */
  readonly address: string;
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);

  constructor(
    readonly index: number,
    private readonly server: string,
    private readonly settings: NodeSettings,
    /** Where the server's own log goes (appended across restarts). */
    readonly logFile: string,
  ) {
    this.ports = settings.ports;
    this.address = `127.0.0.1:${settings.ports.frontend}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** It was started and has ended (killed, stopped or crashed). */
  get ended(): boolean {
    return !!this.child && !this.running;
  }

  /** Resolves with the exit code (or null after a signal) when the current process ends. */
  exited(): Promise<number | null> {
    return this.exit;
  }

  /** Starts the process and resolves once its frontend accepts connections. */
  async start(timeoutMs = 60_000): Promise<void> {
    if (this.running) throw new Error(`Temporal node ${this.index} is already running`);
    const log = openSync(this.logFile, 'a');
    const child = spawn(this.server, serverArgs, {
      env: { ...process.env, ...nodeEnvironment(this.settings) },
      stdio: ['ignore', log, log],
      // A process group of its own: Ctrl-C in a terminal reaches only `plangate cluster`, which
      // then stops the nodes itself instead of finding them gone.
      detached: true,
    });
    closeSync(log);
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + timeoutMs;
    while (!(await canConnect(this.ports.frontend))) {
      if (child.exitCode !== null)
        throw new Error(
          `Temporal node ${this.index} exited with code ${child.exitCode}; see ${this.logFile}`,
        );
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(
          `Temporal node ${this.index} did not listen on ${this.address} in time; see ${this.logFile}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** Why a node is not serving, for error messages: its exit and the end of its log. */
  diagnosis(): string {
    const state = this.running ? 'is running' : `exited (${this.child?.exitCode ?? this.child?.signalCode})`;
    let tail = '';
    try {
      tail = readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-5).join('\n');
    } catch {
      // No log yet.
    }
    return `Temporal node ${this.index} ${state}; the end of ${this.logFile}:\n${tail}`;
  }

  /** Sends a signal (SIGKILL by default: a crash) and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.running) return;
    this.child!.kill(signal);
    await this.exit;
  }

  /** SIGTERM (the server drains), then SIGKILL if it has not exited after `graceMs`. */
  async stop(graceMs = 15_000): Promise<void> {
    if (!this.running) return;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    await this.kill('SIGTERM');
    clearTimeout(timer);
  }
}
