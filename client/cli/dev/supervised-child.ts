// One child process of `plangate dev`: started with an IPC channel, it reports `ready` once it
// serves, and stops on SIGTERM. Children run in their own process group (detached) so that Ctrl-C in
// the terminal reaches only the supervisor, which then stops them in order: the worker drains while
// Temporal is still up. If the supervisor dies, the children see the IPC channel close and stop.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ReadyMessage {
  type: 'ready';
  [key: string]: unknown;
}

export interface SupervisedChild {
  name: string;
  /** Resolves with the child's ready message; rejects if it exits first. */
  ready: Promise<ReadyMessage>;
  /** Resolves with the exit code (or the signal's name) whenever the child ends. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL after graceMs; resolves once the child is gone. */
  stop(graceMs?: number): Promise<number | string>;
}

export function startChild(name: string, command: string, env: NodeJS.ProcessEnv): SupervisedChild {
  // Re-run this same CLI entry point the way we were run (node, or node with a loader in tests).
  const script = process.argv[1];
  if (!script) throw new Error('cannot tell which script to run for the dev services');
  const child: ChildProcess = spawn(process.execPath, [...process.execArgv, script, command], {
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | string>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal ?? 'unknown')),
  );
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    child.on('message', (message: unknown) => {
      if ((message as ReadyMessage | undefined)?.type === 'ready') resolve(message as ReadyMessage);
    });
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`${name} exited during start-up (${describeExit(code)})`)));
  });
  // Nobody may be awaiting `ready` any more when the child dies later; that is not an error here.
  ready.catch(() => undefined);
  return {
    name,
    ready,
    exited,
    async stop(graceMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

export function describeExit(code: number | string): string {
  return typeof code === 'number' ? `exit code ${code}` : `signal ${code}`;
}

/** In a child: tell the supervisor we serve. */
export function reportReady(details: Record<string, unknown>): void {
  process.send?.({ type: 'ready', ...details });
}

/**
 * In a child: run `stop` once on SIGTERM, SIGINT or when the supervisor goes away, then exit with
 * its result. Returns a function that triggers the same stop (for fatal errors).
 */
export function onStopRequest(stop: (reason: string) => Promise<number>): (reason: string) => void {
  let stopping = false;
  const trigger = (reason: string) => {
    if (stopping) return;
    stopping = true;
    stop(reason).then(
      (code) => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`plangate: stopping failed: ${(error as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => trigger('SIGTERM'));
  process.once('SIGINT', () => trigger('SIGINT'));
  process.once('disconnect', () => trigger('supervisor gone'));
  return trigger;
}
