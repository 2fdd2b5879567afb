// The baseline: a bare Temporal workflow of Plangate's shape (started, one no-op activity, one
// Update that decides, two more no-op activities), with no store, no email, no search attributes.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type * as activities from './activities.js';

export const baselineDecide = defineUpdate<string, [string]>('decide');
const { noop } = proxyActivities<typeof activities>({ startToCloseTimeout: '10 seconds' });

export async function baselineRequest(): Promise<string> {
  let decision: string | undefined;
  setHandler(baselineDecide, (value) => {
    decision = value;
    return value;
  });
  await noop();
  await condition(() => decision !== undefined);
  await noop();
  await noop();
  return decision!;
}
