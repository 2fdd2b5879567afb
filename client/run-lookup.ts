// Which run of the account's workflow holds a request. Every request of an account shares one
// workflow id, one run each. The store's read model records the run; without it (or for requests
// older than the read model) the latest run answers through Describe, older requests through
// visibility. Found run ids are remembered, in a bounded map: they never change.
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { BillingStore } from '../activities/store/types.js';
import { PlangateError } from './plangate-error.js';
import { checkId, workflowIdFor } from './request-ids.js';
import { toPlangateError } from './temporal-errors.js';
import { visibilityQuery } from './visibility-query.js';

const REMEMBERED_RUNS = 10_000;

export class RunLookup {
  private readonly runIds = new Map<string, string>();

  constructor(
    private readonly temporal: Client,
    private readonly records?: Pick<BillingStore, 'getRequestRecord'>,
  ) {}

  async handleFor(accountId: string, requestId: string): Promise<WorkflowHandle> {
    checkId('accountId', accountId);
    checkId('requestId', requestId);
    const workflowId = workflowIdFor(accountId);
    const runId = this.runIds.get(requestId) ?? (await this.findRun(workflowId, requestId));
    if (!runId) {
      throw new PlangateError('REQUEST_NOT_FOUND', `No change request ${requestId} for account ${accountId}`);
    }
    this.remember(requestId, runId);
    return this.temporal.workflow.getHandle(workflowId, runId);
  }

  private async findRun(workflowId: string, requestId: string): Promise<string | undefined> {
    // A store that cannot answer right now is no reason to fail: Temporal knows the run too.
    const record = await this.records?.getRequestRecord(requestId).catch(() => null);
    if (record) return record.run.workflowId === workflowId ? record.run.runId : undefined;
    try {
      const description = await this.temporal.workflow.getHandle(workflowId).describe();
      if (description.memo?.requestId === requestId) return description.runId;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw toPlangateError(error);
    }
    const query = visibilityQuery({ WorkflowId: workflowId, RequestId: requestId });
    for await (const execution of this.temporal.workflow.list({ query })) return execution.runId;
    return undefined;
  }

  private remember(requestId: string, runId: string): void {
    this.runIds.delete(requestId);
    this.runIds.set(requestId, runId);
    // A Map iterates in insertion order: the first key is the one used longest ago.
    if (this.runIds.size > REMEMBERED_RUNS) this.runIds.delete(this.runIds.keys().next().value!);
  }
}
