import { expect } from 'chai';
import type { temporal } from '@temporalio/proto';
import { countActions, totalActions } from '../../bench/actions.js';

describe('bench: billed Actions from a history', () => {
  it('counts starts, updates, activities and retries, timers, upserts, and local-activity batches per task', () => {
    // Long ids arrive as Long objects from the SDK; a number is what the counter keys on either way.
    const events = [
      { workflowExecutionStartedEventAttributes: {} },
      { workflowExecutionUpdateAcceptedEventAttributes: {} },
      { markerRecordedEventAttributes: { workflowTaskCompletedEventId: 4 } },
      { markerRecordedEventAttributes: { workflowTaskCompletedEventId: 4 } },
      { timerStartedEventAttributes: {} },
      { workflowExecutionUpdateAcceptedEventAttributes: {} },
      { activityTaskScheduledEventAttributes: {} },
      { activityTaskStartedEventAttributes: { attempt: 3 } },
      { upsertWorkflowSearchAttributesEventAttributes: {} },
      { markerRecordedEventAttributes: { workflowTaskCompletedEventId: 12 } },
      { workflowTaskCompletedEventAttributes: {} },
    ];
    const counted = countActions(events as unknown as temporal.api.history.v1.IHistoryEvent[]);
    expect(counted).to.include({
      start: 1,
      update: 2,
      activity: 1,
      activityRetry: 2,
      timer: 1,
      upsert: 1,
      localActivityBatch: 2,
    });
    expect(totalActions(counted)).to.equal(10);
  });
});
