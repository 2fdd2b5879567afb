// Temporal Cloud Actions of one workflow execution, counted from its event history by the published
// billing rules: a start, each accepted Update, each scheduled activity and each retry of one, each
// timer, each search-attribute upsert, signals and child workflows; local activities count once per
// workflow task that recorded any (their markers). Queries are not in history and not counted here.
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';

export type ActionCategory =
  | 'start'
  | 'update'
  | 'activity'
  | 'activityRetry'
  | 'timer'
  | 'upsert'
  | 'localActivityBatch'
  | 'signal'
  | 'child';

export type ActionBreakdown = Record<ActionCategory, number>;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export function emptyBreakdown(): ActionBreakdown {
  return {
    start: 0,
    update: 0,
    activity: 0,
    activityRetry: 0,
    timer: 0,
    upsert: 0,
    localActivityBatch: 0,
    signal: 0,
    child: 0,
  };
}

export function countActions(events: HistoryEvent[]): ActionBreakdown {
  const counts = emptyBreakdown();
  const markerTasks = new Set<string>();
  for (const event of events) {
    if (event.workflowExecutionStartedEventAttributes) counts.start += 1;
    else if (event.workflowExecutionUpdateAcceptedEventAttributes) counts.update += 1;
    else if (event.activityTaskScheduledEventAttributes) counts.activity += 1;
    else if (
      event.activityTaskStartedEventAttributes &&
      (event.activityTaskStartedEventAttributes.attempt ?? 1) > 1
    ) {
      counts.activityRetry += (event.activityTaskStartedEventAttributes.attempt ?? 1) - 1;
    } else if (event.timerStartedEventAttributes) counts.timer += 1;
    else if (event.upsertWorkflowSearchAttributesEventAttributes) counts.upsert += 1;
    else if (event.markerRecordedEventAttributes) {
      markerTasks.add(String(event.markerRecordedEventAttributes.workflowTaskCompletedEventId));
    } else if (
      event.workflowExecutionSignaledEventAttributes ||
      event.signalExternalWorkflowExecutionInitiatedEventAttributes
    )
      counts.signal += 1;
    else if (event.startChildWorkflowExecutionInitiatedEventAttributes) counts.child += 1;
  }
  counts.localActivityBatch = markerTasks.size;
  return counts;
}

export function totalActions(breakdown: ActionBreakdown): number {
  return Object.values(breakdown).reduce((sum, n) => sum + n, 0);
}

/** Average Actions and history events per request, over every run of each request's workflow. */
export async function measureRequestHistories(
  temporal: Client,
  requestIds: string[],
): Promise<{ perRequest: ActionBreakdown; actionsPerRequest: number; eventsPerRequest: number }> {
  const sum = emptyBreakdown();
  let events = 0;
  for (const requestId of requestIds) {
    for await (const execution of temporal.workflow.list({ query: `RequestId = '${requestId}'` })) {
      const history = await temporal.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const counted = countActions(history.events ?? []);
      for (const key of Object.keys(sum) as ActionCategory[]) sum[key] += counted[key];
      events += history.events?.length ?? 0;
    }
  }
  const per = (n: number) => Math.round((n / Math.max(1, requestIds.length)) * 100) / 100;
  const perRequest = emptyBreakdown();
  for (const key of Object.keys(sum) as ActionCategory[]) perRequest[key] = per(sum[key]);
  return { perRequest, actionsPerRequest: per(totalActions(sum)), eventsPerRequest: per(events) };
}
