// The read model of change requests (migration 0002): each announcement of the workflow stores the
// status view it showed, with the events of its transitions, in one transaction. Reads of a request
// (API, pages, CLI) come from here: no Temporal Query, no live worker needed.
import type { Kysely, Transaction } from 'kysely';
import type { ChangeKind } from '../pricing/types.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import type { RequestState } from '../../workflows/request-states.js';
import { insertRequestEvents } from './request-events.js';
import { iso, json } from './rows.js';
import type { BillingDatabase } from './schema.js';
import type { RequestRecord, RequestRecordFilter, RequestRecordSummary, RequestUpdate } from './types.js';

type Db = Kysely<BillingDatabase> | Transaction<BillingDatabase>;

export async function recordRequestUpdate(db: Db, update: RequestUpdate, now = new Date()): Promise<void> {
  const { view, run } = update;
  const row = {
    request_id: view.requestId,
    account_id: view.accountId,
    state: view.state,
    open: view.open,
    change_kinds: JSON.stringify(view.quote?.kinds ?? []),
    submitted_at: view.submittedAt,
    revision: view.timeline.length,
    workflow_id: run.workflowId,
    run_id: run.runId,
    view: JSON.stringify(view),
    recorded_at: now,
  };
  await db
    .insertInto('change_requests')
    .values(row)
    .onConflict((c) =>
      c
        .column('request_id')
        .doUpdateSet({
          state: (eb) => eb.ref('excluded.state'),
          open: (eb) => eb.ref('excluded.open'),
          change_kinds: (eb) => eb.ref('excluded.change_kinds'),
          revision: (eb) => eb.ref('excluded.revision'),
          view: (eb) => eb.ref('excluded.view'),
          recorded_at: (eb) => eb.ref('excluded.recorded_at'),
        })
        // Only forward: the view with the longer timeline is the newer one.
        .where('change_requests.revision', '<', (eb) => eb.ref('excluded.revision')),
    )
    .execute();
  await insertRequestEvents(db, update.events);
}

export async function getRequestRecord(db: Db, requestId: string): Promise<RequestRecord | null> {
  const row = await db
    .selectFrom('change_requests')
    .select(['view', 'workflow_id', 'run_id', 'recorded_at'])
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    view: json<RequestStatusView>(row.view),
    run: { workflowId: row.workflow_id, runId: row.run_id },
    recordedAt: iso(row.recorded_at),
  };
}

/** Newest first. */
export async function listRequestRecords(
  db: Db,
  filter: RequestRecordFilter,
): Promise<RequestRecordSummary[]> {
  let query = db
    .selectFrom('change_requests')
    .select([
      'request_id',
      'account_id',
      'state',
      'open',
      'change_kinds',
      'submitted_at',
      'workflow_id',
      'run_id',
      'recorded_at',
    ])
    .orderBy('submitted_at', 'desc')
    .orderBy('request_id', 'desc')
    .limit(filter.limit ?? 100);
  if (filter.accountId !== undefined) query = query.where('account_id', '=', filter.accountId);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.submittedBefore) query = query.where('submitted_at', '<', filter.submittedBefore);
  const rows = await query.execute();
  return rows.map((row) => ({
    requestId: row.request_id,
    accountId: row.account_id,
    state: row.state as RequestState,
    open: row.open,
    changeKinds: json<ChangeKind[]>(row.change_kinds),
    submittedAt: iso(row.submitted_at),
    ...(row.open ? {} : { closedAt: iso(row.recorded_at) }),
    workflowId: row.workflow_id,
    runId: row.run_id,
    recordedAt: iso(row.recorded_at),
  }));
}
