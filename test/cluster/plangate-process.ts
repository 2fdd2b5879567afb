// One production entry point (`node dist/client/cli/main.js worker|web`) as its own process,
// configured only by its environment: started, killed with any signal, and started again the same.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cliPath, repoRoot } from '../cli/run-cli.js';

/** What each command prints once it serves: the worker's pino line, the web server's banner. */
const readyText = { worker: '"worker running"', web: 'plangate web listening' } as const;

export class PlangateProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);
  /** The last 64 KB of its output, for the failure message of a test. */
  private output = '';
  private readonly watchers = new Set<(chunk: string) => void>();

  constructor(
    readonly name: string,
    readonly command: 'worker' | 'web',
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  recentOutput(): string {
    return this.output;
  }

  async start(timeoutMs = 60_000): Promise<void> {
    if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [cliPath, this.command], { env: this.env, cwd: repoRoot });
    this.child = child;
    this.output = '';
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start within ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
      const read = (chunk: Buffer) => {
        this.output = (this.output + chunk.toString()).slice(-65_536);
        for (const watch of this.watchers) watch(chunk.toString());
        if (this.output.includes(readyText[this.command])) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', read);
      child.stderr.on('data', read);
      void this.exit.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with ${code} before it was ready:\n${this.output}`));
      });
    });
    await ready;
  }

  /** Resolves when the process next prints something that matches (output from now on only). */
  waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const watch = (chunk: string) => {
        const line = chunk.split('\n').find((l) => pattern.test(l));
        if (line === undefined) return;
        done();
        resolve(line);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} printed nothing matching ${pattern} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(watch);
      };
      this.watchers.add(watch);
    });
  }

  /** Resolves once the process is gone: SIGKILL is a crash, SIGTERM a clean stop. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    if (!this.running) return this.exit;
    this.child!.kill(signal);
    return this.exit;
  }

  /** SIGTERM (a worker drains, a web server finishes its requests), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exit;
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), graceMs);
    const code = await this.kill('SIGTERM');
    clearTimeout(timer);
    return code;
  }
}
