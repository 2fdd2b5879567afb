// Lists requests, newest first, for the API and the CLI alike. From the store's read model when
// the client has it: current, and no Temporal call. Otherwise from Temporal visibility, which trails
// the workflow by a moment, so an account's open request is read directly and merged in: a request
// just submitted or just decided is listed with its current state.
import type { Client } from '@temporalio/client';
import type { BillingStore } from '../activities/store/types.js';
import type { ChangeKind } from '../activities/pricing/types.js';
import type { RequestStatusView } from '../workflows/messages.js';
import type { RequestState } from '../workflows/request-states.js';
import {
  AccountIdKey,
  ChangeKindKey,
  RequestIdKey,
  RequestStatusKey,
} from '../workflows/search-attributes.js';
import { checkId, WORKFLOW_TYPE, workflowIdFor } from './request-ids.js';
import { toPlangateError } from './temporal-errors.js';
import { visibilityQuery } from './visibility-query.js';

export interface RequestSummary {
  requestId: string;
  accountId: string;
  /** The request's state (the HTTP contract calls it `status`). */
  status: RequestState;
  changeKinds: ChangeKind[];
  submittedAt: string;
  closedAt?: string;
  workflowId: string;
  /** Absent for an open request merged in before visibility listed it. */
  runId?: string;
}

export interface ListRequestsFilter {
  accountId?: string;
  status?: RequestState;
  /** Only requests submitted before this instant (for "older than N days"). */
  submittedBefore?: Date;
  limit?: number;
}

/** How the listing reads an account's open request straight from its workflow. */
export interface OpenRequestReader {
  openRequestId(accountId: string): Promise<string | undefined>;
  getStatus(accountId: string, requestId: string): Promise<RequestStatusView>;
}

export interface ListingSources {
  temporal: Client;
  open: OpenRequestReader;
  records?: Pick<BillingStore, 'listRequestRecords'> | undefined;
}

export async function listRequests(
  { temporal, open, records }: ListingSources,
  filter: ListRequestsFilter = {},
): Promise<RequestSummary[]> {
  if (filter.accountId !== undefined) checkId('accountId', filter.accountId);
  const limit = filter.limit ?? 100;
  const stored = await records
    ?.listRequestRecords({
      ...(filter.accountId !== undefined ? { accountId: filter.accountId } : {}),
      ...(filter.status !== undefined ? { state: filter.status } : {}),
      ...(filter.submittedBefore ? { submittedBefore: filter.submittedBefore } : {}),
      limit,
    })
    // While the store cannot answer, visibility can.
    .catch(() => undefined);
  if (stored) {
    return stored.map((r) => ({
      requestId: r.requestId,
      accountId: r.accountId,
      status: r.state,
      changeKinds: r.changeKinds,
      submittedAt: r.submittedAt,
      ...(r.closedAt ? { closedAt: r.closedAt } : {}),
      workflowId: r.workflowId,
      runId: r.runId,
    }));
  }
  const query = visibilityQuery({
    WorkflowType: WORKFLOW_TYPE,
    RequestStatusNot: 'invalid',
    ...(filter.accountId !== undefined ? { AccountId: filter.accountId } : {}),
    ...(filter.status !== undefined ? { RequestStatus: filter.status } : {}),
    ...(filter.submittedBefore ? { StartedBefore: filter.submittedBefore } : {}),
  });
  const listed: RequestSummary[] = [];
  try {
    for await (const execution of temporal.workflow.list({ query, pageSize: Math.min(limit, 1000) })) {
      const attributes = execution.typedSearchAttributes;
      const requestId = attributes.get(RequestIdKey);
      if (!requestId) continue;
      listed.push({
        requestId,
        accountId: attributes.get(AccountIdKey) ?? '',
        status: (attributes.get(RequestStatusKey) ?? 'pending_approval') as RequestState,
        changeKinds: (attributes.get(ChangeKindKey) ?? []) as ChangeKind[],
        submittedAt: execution.startTime.toISOString(),
        ...(execution.closeTime ? { closedAt: execution.closeTime.toISOString() } : {}),
        workflowId: execution.workflowId,
        runId: execution.runId,
      });
      if (listed.length >= limit) break;
    }
  } catch (error) {
    throw toPlangateError(error);
  }
  const newestFirst = listed.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  if (filter.accountId === undefined) return newestFirst;
  return withOpenRequest(open, filter.accountId, newestFirst, filter);
}

async function withOpenRequest(
  open: OpenRequestReader,
  accountId: string,
  listed: RequestSummary[],
  filter: ListRequestsFilter,
): Promise<RequestSummary[]> {
  const openId = await open.openRequestId(accountId);
  if (!openId) return listed;
  let live: RequestStatusView;
  try {
    live = await open.getStatus(accountId, openId);
  } catch {
    return listed;
  }
  const others = listed.filter((r) => r.requestId !== openId);
  if (live.state === 'preparing' || live.state === 'invalid') return others;
  if (filter.submittedBefore && Date.parse(live.submittedAt) >= filter.submittedBefore.getTime())
    return others;
  if (filter.status !== undefined && live.state !== filter.status) return others;
  const known = listed.find((r) => r.requestId === openId);
  const current: RequestSummary = {
    ...(known ?? {
      requestId: openId,
      accountId,
      changeKinds: live.quote?.kinds ?? [],
      submittedAt: live.submittedAt,
      workflowId: workflowIdFor(accountId),
    }),
    status: live.state,
  };
  const merged = [current, ...others].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  return filter.limit !== undefined ? merged.slice(0, filter.limit) : merged;
}
