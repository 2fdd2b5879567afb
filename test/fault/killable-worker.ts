// A worker of its own in a child process (worker-process.ts), on a test stack's task queue and
// database, for a test to SIGKILL at a step of the apply: what a crash leaves behind is then real.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { TestStack } from '../setup/stack.js';
import { testTemporal } from '../setup/temporal.js';

export interface KillableWorker {
  /** Resolves once the child says `word` on a line of its own: READY, then APPLYING at its step. */
  seen: (word: 'READY' | 'APPLYING') => Promise<void>;
  /** SIGKILLs it and waits until it has exited; nothing when it has already. */
  kill: () => Promise<void>;
}

/**
 * Starts it; `faultStep` is where it says APPLYING and waits to be killed (worker-process.ts: by
 * default after the invoice insert, inside the transaction; `none` never pauses).
 */
export async function spawnKillableWorker(
  stack: Pick<TestStack, 'taskQueue' | 'sink' | 'deps'>,
  databaseUrl: string,
  faultStep?: 'none' | 'after_commit',
): Promise<KillableWorker> {
  const temporal = await testTemporal();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/fault/worker-process.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.env.address,
      PLANGATE_TASK_QUEUE: stack.taskQueue,
      SMTP_URL: stack.sink.url,
      PLANGATE_LINK_SECRET: Buffer.from(stack.deps.links.secret).toString('hex'),
      ...(faultStep ? { PLANGATE_FAULT_STEP: faultStep } : {}),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  return {
    seen: (word) => new Promise<void>((resolve) => lines.on('line', (l) => l === word && resolve())),
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
