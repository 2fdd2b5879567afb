import { Worker, type NativeConnection } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { ActivityDeps } from '../activities/deps.js';
import type { WorkflowCode } from './workflow-bundle.js';

export interface PlangateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  workflowCode: WorkflowCode;
  maxCachedWorkflows?: number;
  maxConcurrentActivities?: number;
  maxConcurrentWorkflowTasks?: number;
}

/** One worker: the workflow bundle plus the activities built from real (or test) dependencies. */
export function createPlangateWorker(options: PlangateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowCode,
    activities: createActivities(options.deps),
    ...(options.maxCachedWorkflows ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
    ...(options.maxConcurrentActivities
      ? { maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities }
      : {}),
    ...(options.maxConcurrentWorkflowTasks
      ? { maxConcurrentWorkflowTaskExecutions: options.maxConcurrentWorkflowTasks }
      : {}),
  });
}
