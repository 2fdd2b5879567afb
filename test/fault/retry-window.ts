// How long to keep watching for a duplicate after everything expected has arrived. A duplicate side
// effect (a second confirmation email, a second invoice) could only come from one more attempt of an
// activity, so the window is the longest wait before such an attempt: per activity of the run, the
// retry interval after its latest attempt, from the retry policy the workflow scheduled it with
// (workflows/activity-proxies.ts, as recorded in the history: no figures copied from there).
import { decompileRetryPolicy } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';

/** Slack for the worker to pick up the retry and the send to reach the sink. */
const pickUpMs = 1_000;

export interface RetryWindow {
  /** The longest wait before one more attempt of any activity of the run, plus pick-up slack. */
  ms: number;
  /** Per activity: its type, latest attempt and the wait before the next one. */
  activities: Array<{ activity: string; attempt: number; nextRetryInMs: number }>;
}

export async function retryWindow(handle: WorkflowHandle): Promise<RetryWindow> {
  const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
  const scheduled = new Map<
    string,
    { activity: string; activityId: string; attempt: number; policy: ReturnType<typeof decompileRetryPolicy> }
  >();
  for (const event of history.events ?? []) {
    const attributes = event.activityTaskScheduledEventAttributes;
    if (attributes)
      scheduled.set(String(event.eventId), {
        activity: attributes.activityType?.name ?? '',
        activityId: attributes.activityId ?? '',
        attempt: 1,
        policy: decompileRetryPolicy(attributes.retryPolicy),
      });
    const started = event.activityTaskStartedEventAttributes;
    const activity = started && scheduled.get(String(started.scheduledEventId));
    if (activity) activity.attempt = Math.max(activity.attempt, started.attempt ?? 1);
  }
  // Attempts still running or waiting for their retry are not in the history yet.
  for (const pending of description.raw.pendingActivities ?? []) {
    const activity = [...scheduled.values()].find((a) => a.activityId === pending.activityId);
    if (activity) activity.attempt = Math.max(activity.attempt, pending.attempt ?? 1);
  }
  const activities = [...scheduled.values()].map(({ activity, attempt, policy }) => {
    const initial = Number(policy?.initialInterval ?? 1_000);
    const coefficient = policy?.backoffCoefficient ?? 2;
    const maximum = Number(policy?.maximumInterval ?? initial * 100);
    return { activity, attempt, nextRetryInMs: Math.min(initial * coefficient ** (attempt - 1), maximum) };
  });
  return { ms: Math.max(0, ...activities.map((a) => a.nextRetryInMs)) + pickUpMs, activities };
}
