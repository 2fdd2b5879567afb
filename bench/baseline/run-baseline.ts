// The yardstick: the bare workflow of Plangate's shape on the same dev server, driven by the same
// number of concurrent lanes, with an in-process worker that does nothing but Temporal's own work.
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { progressBar } from '../progress-bar.js';
import * as baselineActivities from './activities.js';
import { baselineDecide } from './workflows.js';

export async function runBaseline(
  temporal: Client,
  address: string,
  options: { requests: number; lanes: number },
): Promise<{ seconds: number; perSecond: number }> {
  const workflowsPath = fileURLToPath(
    new URL(`./workflows.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url),
  );
  const quiet = { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} };
  const workflowBundle = await bundleWorkflowCode({ workflowsPath, logger: quiet });
  const connection = await NativeConnection.connect({ address });
  try {
    const taskQueue = 'plangate-bench-baseline';
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle,
      activities: baselineActivities,
    });
    const bar = progressBar('baseline', options.requests);
    const seconds = await worker.runUntil(async () => {
      const start = performance.now();
      await Promise.all(
        Array.from({ length: options.lanes }, async (_, lane) => {
          for (let i = lane; i < options.requests; i += options.lanes) {
            const handle = await temporal.workflow.start('baselineRequest', {
              taskQueue,
              workflowId: `baseline-${i}-${Date.now()}`,
            });
            await handle.executeUpdate(baselineDecide, { args: ['approve'] });
            await handle.result();
            bar.tick();
          }
        }),
      );
      return (performance.now() - start) / 1000;
    });
    bar.done();
    return { seconds, perSecond: options.requests / seconds };
  } finally {
    await connection.close();
  }
}
