/** The one task queue Plangate's workers poll. Override per deployment with PLANGATE_TASK_QUEUE. */
export const DEFAULT_TASK_QUEUE = 'plangate';

export function taskQueue(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLANGATE_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE;
}
