import { readVariable } from '../config/environment.js';

/** The one task queue Plangate's workers poll: PLANGATE_TASK_QUEUE, default `plangate` (config/environment.ts). */
export function taskQueue(env: NodeJS.ProcessEnv = process.env): string {
  return readVariable(env, 'PLANGATE_TASK_QUEUE');
}
