import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ChangeSet, ChangeKind, Locale } from '../activities/pricing/types.js';
import {
  cancelUpdate,
  decideUpdate,
  resendEmailsUpdate,
  statusQuery,
  submitUpdate,
  supportReviewUpdate,
  type CancelInput,
  type Channel,
  type DecideInput,
  type PersonView,
  type RequestStatusView,
  type ResendEmailsInput,
  type SubmissionAccepted,
  type SubmitRequestInput,
  type SupportReviewInput,
} from '../workflows/messages.js';
import type { BillingStore, Subscription } from '../activities/store/types.js';
import type { FieldProblem } from '../workflows/request-errors.js';
import type { RequestPolicy } from '../workflows/request-policy.js';
import type { RequestState } from '../workflows/request-state.js';
import {
  AccountIdKey,
  ChangeKindKey,
  RequestIdKey,
  RequestStatusKey,
} from '../workflows/search-attributes.js';
import {
  initialIndexedStatus,
  type subscriptionChangeRequest,
} from '../workflows/subscription-change-request.js';
import { loadTemporalConnectionConfig } from '../temporal-config/connection.js';
import { taskQueue } from '../temporal-config/task-queue.js';
import { PlangateError, statusForErrorType } from './plangate-error.js';

export const WORKFLOW_TYPE = 'subscriptionChangeRequest';
/** Account, user and request ids: what the client accepts, and so what the HTTP layer checks first. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function workflowIdFor(accountId: string): string {
  return `change-request-${accountId}`;
}

export interface SubmitChangeRequest {
  accountId: string;
  requestedBy: string;
  changes: ChangeSet;
  note?: string;
  locale?: Locale;
  channel?: Channel;
}

export interface RequestSummary {
  requestId: string;
  accountId: string;
  status: RequestState;
  changeKinds: ChangeKind[];
  submittedAt: string;
  closedAt?: string;
  workflowId: string;
  runId: string;
}

export interface ListRequestsFilter {
  accountId?: string;
  status?: RequestState;
  /** Only requests submitted before this instant (for "older than N days"). */
  submittedBefore?: Date;
  limit?: number;
}

export interface AccountSubscriptionView extends Subscription {
  /** Every subscription of the account, oldest (primary) first. */
  subscriptions: Subscription[];
  /** The primary subscription again, for callers that prefer it nested. */
  subscription: Subscription;
  /** Members who may approve a change request (owner, billing admins). */
  approvers: PersonView[];
  paymentMethodOnFile: boolean;
}

export interface PlangateClientOptions {
  taskQueue?: string;
  /** Read access to the billing store, for the current-subscription view. */
  accounts?: Pick<BillingStore, 'loadAccount'>;
  /** Applied to every new request (tests shorten reminders and expiry). */
  policy?: Partial<RequestPolicy>;
  /** How long an Update may wait for a worker before we report "not recorded" (default 15 s). */
  updateTimeoutMs?: number;
}

/**
 * The typed client of Plangate: the HTTP server, the CLI, tests and benchmarks all go through it.
 * Every failure surfaces as a PlangateError with a code and an HTTP status.
 */
export class PlangateClient {
  private readonly taskQueue: string;
  private readonly runIds = new Map<string, string>();
  private readonly updateTimeoutMs: number;

  constructor(
    readonly temporal: Client,
    private readonly options: PlangateClientOptions = {},
  ) {
    this.taskQueue = options.taskQueue ?? taskQueue();
    this.updateTimeoutMs = options.updateTimeoutMs ?? 15_000;
  }

  static async connect(
    env: NodeJS.ProcessEnv = process.env,
    options: PlangateClientOptions = {},
  ): Promise<PlangateClient> {
    const config = loadTemporalConnectionConfig(env);
    let connection: Connection;
    try {
      connection = await Connection.connect({ ...config.connectionOptions, connectTimeout: '5s' });
    } catch (error) {
      throw new PlangateError(
        'TEMPORAL_UNREACHABLE',
        503,
        `Cannot reach Temporal at ${config.connectionOptions.address} (profile ${config.profile}): ${(error as Error).message}`,
      );
    }
    return new PlangateClient(new Client({ connection, namespace: config.namespace }), {
      taskQueue: taskQueue(env),
      ...options,
    });
  }

  async close(): Promise<void> {
    await this.temporal.connection.close();
  }

  /** Opens a request and waits until it is quoted: `{requestId, status, quote, approvers}` or a PlangateError. */
  async submitChangeRequest(request: SubmitChangeRequest): Promise<SubmissionAccepted> {
    checkId('accountId', request.accountId);
    checkId('requestedBy', request.requestedBy);
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const input: SubmitRequestInput = {
      requestId,
      accountId: request.accountId,
      requestedBy: request.requestedBy,
      changes: request.changes,
      ...(request.note ? { note: request.note } : {}),
      ...(request.locale ? { locale: request.locale } : {}),
      channel: request.channel ?? 'api',
      ...(this.options.policy ? { policy: this.options.policy } : {}),
    };
    // An operation is single-use, so each attempt builds its own.
    const startWorkflowOperation = () =>
      new WithStartWorkflowOperation<typeof subscriptionChangeRequest>(WORKFLOW_TYPE, {
        workflowId: workflowIdFor(request.accountId),
        taskQueue: this.taskQueue,
        args: [input],
        // One open request per account, for free: a second start while one runs fails.
        workflowIdConflictPolicy: 'FAIL',
        typedSearchAttributes: [
          { key: RequestIdKey, value: requestId },
          { key: AccountIdKey, value: request.accountId },
          // Set at start so the common path needs no upsert for it (each upsert is a billed Action).
          { key: RequestStatusKey, value: initialIndexedStatus },
        ],
        memo: { requestId },
      });
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.withUpdateDeadline(() =>
          this.temporal.workflow.executeUpdateWithStart(submitUpdate, {
            startWorkflowOperation: startWorkflowOperation(),
          }),
        );
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw toPlangateError(error);
        if (attempt < 3 && (await this.previousRequestClosed(request.accountId))) continue;
        const open = await this.openRequestId(request.accountId);
        throw new PlangateError(
          'REQUEST_ALREADY_OPEN',
          409,
          `Account ${request.accountId} already has an open change request${open ? ` (${open})` : ''}; only one may be open at a time`,
          open ? { openRequestId: open } : {},
        );
      }
    }
  }

  /**
   * A request that has just ended (its confirmation may already be in the inbox) keeps the account's
   * workflow running for the moment it takes to finish its last task. A submission in that moment
   * must not be refused: wait briefly for the run to close, then try again. False when the previous
   * request is still open, or does not close in time (e.g. still retrying emails to a relay that is down).
   */
  private async previousRequestClosed(accountId: string): Promise<boolean> {
    const handle = this.temporal.workflow.getHandle(workflowIdFor(accountId));
    const deadline = Date.now() + Math.min(this.updateTimeoutMs, 5_000);
    try {
      const view = await this.temporal.connection.withDeadline(deadline, () => handle.query(statusQuery));
      if (view.open) return false;
      await this.temporal.connection.withDeadline(deadline, () => handle.result());
    } catch (error) {
      // A run that ended in failure has closed all the same; only running out of time means "not yet".
      if (isDeadlineExceeded(error)) return false;
      if (!(error instanceof WorkflowFailedError) && !(error instanceof WorkflowNotFoundError)) return false;
    }
    return true;
  }

  decide(accountId: string, requestId: string, decision: DecideInput): Promise<RequestStatusView> {
    // If this call gives up waiting, the workflow must refuse the decision should it arrive later.
    const respondBy = new Date(Date.now() + this.updateTimeoutMs).toISOString();
    return this.update(accountId, requestId, (handle) =>
      handle.executeUpdate(decideUpdate, { args: [{ respondBy, ...decision }] }),
    );
  }

  cancel(accountId: string, requestId: string, cancellation: CancelInput): Promise<RequestStatusView> {
    return this.update(accountId, requestId, (handle) =>
      handle.executeUpdate(cancelUpdate, { args: [cancellation] }),
    );
  }

  review(accountId: string, requestId: string, review: SupportReviewInput): Promise<RequestStatusView> {
    return this.update(accountId, requestId, (handle) =>
      handle.executeUpdate(supportReviewUpdate, { args: [review] }),
    );
  }

  resendEmails(accountId: string, requestId: string, input: ResendEmailsInput): Promise<RequestStatusView> {
    return this.update(accountId, requestId, (handle) =>
      handle.executeUpdate(resendEmailsUpdate, { args: [input] }),
    );
  }

  async getStatus(accountId: string, requestId: string): Promise<RequestStatusView> {
    const handle = await this.handleFor(accountId, requestId);
    try {
      // A query needs a worker to answer; with none running it must fail, not hang the caller.
      return await this.temporal.connection.withDeadline(Date.now() + this.updateTimeoutMs, () =>
        handle.query(statusQuery),
      );
    } catch (error) {
      if (isDeadlineExceeded(error)) {
        throw new PlangateError(
          'TEMPORARILY_UNAVAILABLE',
          503,
          'No worker answered the status query in time; please try again',
        );
      }
      throw toPlangateError(error);
    }
  }

  /** Newest first, from Temporal visibility. Refused submissions (never opened) are not listed. */
  async listRequests(filter: ListRequestsFilter = {}): Promise<RequestSummary[]> {
    const clauses = [`WorkflowType = '${WORKFLOW_TYPE}'`, `RequestStatus != 'invalid'`];
    if (filter.accountId !== undefined)
      clauses.push(`AccountId = '${checkId('accountId', filter.accountId)}'`);
    if (filter.status !== undefined) clauses.push(`RequestStatus = '${checkId('status', filter.status)}'`);
    if (filter.submittedBefore) clauses.push(`StartTime < '${filter.submittedBefore.toISOString()}'`);
    const limit = filter.limit ?? 100;
    const summaries: RequestSummary[] = [];
    try {
      for await (const execution of this.temporal.workflow.list({
        query: clauses.join(' AND '),
        pageSize: Math.min(limit, 1000),
      })) {
        const attributes = execution.typedSearchAttributes;
        const requestId = attributes.get(RequestIdKey);
        if (!requestId) continue;
        summaries.push({
          requestId,
          accountId: attributes.get(AccountIdKey) ?? '',
          status: (attributes.get(RequestStatusKey) ?? 'pending_approval') as RequestState,
          changeKinds: (attributes.get(ChangeKindKey) ?? []) as ChangeKind[],
          submittedAt: execution.startTime.toISOString(),
          ...(execution.closeTime ? { closedAt: execution.closeTime.toISOString() } : {}),
          workflowId: execution.workflowId,
          runId: execution.runId,
        });
        if (summaries.length >= limit) break;
      }
    } catch (error) {
      throw toPlangateError(error);
    }
    return summaries.sort((a, b) => b.submittedAt.localeCompare(a.submittedAt));
  }

  /** The account's current subscription and who may approve changes to it. */
  async getSubscription(accountId: string): Promise<AccountSubscriptionView> {
    checkId('accountId', accountId);
    if (!this.options.accounts)
      throw new PlangateError('NOT_CONFIGURED', 503, 'This client has no access to the billing store');
    const snapshot = await this.options.accounts.loadAccount(accountId);
    const primary = snapshot?.subscriptions[0];
    if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', 404, `Unknown account ${accountId}`);
    if (!primary) throw new PlangateError('NO_SUBSCRIPTION', 404, `Account ${accountId} has no subscription`);
    return {
      ...primary,
      subscription: primary,
      subscriptions: snapshot.subscriptions,
      approvers: snapshot.members
        .filter((m) => m.role === 'owner' || m.role === 'billing_admin')
        .map((m) => ({ userId: m.userId, name: m.name, role: m.role })),
      paymentMethodOnFile: snapshot.account.paymentMethod.onFile,
    };
  }

  /** The request id of the account's open request, if any. */
  async openRequestId(accountId: string): Promise<string | undefined> {
    try {
      const description = await this.temporal.workflow.getHandle(workflowIdFor(accountId)).describe();
      if (description.status.name !== 'RUNNING') return undefined;
      return (description.memo?.requestId as string | undefined) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async update(
    accountId: string,
    requestId: string,
    call: (handle: WorkflowHandle) => Promise<RequestStatusView>,
  ): Promise<RequestStatusView> {
    const handle = await this.handleFor(accountId, requestId);
    try {
      return await this.withUpdateDeadline(() => call(handle));
    } catch (error) {
      // The run exists (we just found it), so "not found" here means it has already finished.
      if (error instanceof WorkflowNotFoundError) {
        throw new PlangateError(
          'REQUEST_NOT_OPEN',
          409,
          `Request ${requestId} is closed and can no longer change`,
        );
      }
      throw toPlangateError(error);
    }
  }

  /** An Update that no worker picks up must not hang a web request: fail fast, nothing is recorded. */
  private withUpdateDeadline<T>(fn: () => Promise<T>): Promise<T> {
    const timeout = this.updateTimeoutMs;
    return this.temporal.connection.withDeadline(Date.now() + timeout, fn).catch((error: unknown) => {
      if (isDeadlineExceeded(error)) {
        throw new PlangateError(
          'NOT_RECORDED',
          503,
          'No worker answered in time: the decision was not recorded. Please try again in a minute.',
        );
      }
      throw error;
    });
  }

  /** Finds the run of this request: the latest run of the account's workflow, or one found by RequestId. */
  private async handleFor(accountId: string, requestId: string): Promise<WorkflowHandle> {
    checkId('accountId', accountId);
    checkId('requestId', requestId);
    const workflowId = workflowIdFor(accountId);
    const known = this.runIds.get(requestId);
    if (known) return this.temporal.workflow.getHandle(workflowId, known);
    try {
      const latest = this.temporal.workflow.getHandle(workflowId);
      const description = await latest.describe();
      if (description.memo?.requestId === requestId) {
        this.runIds.set(requestId, description.runId);
        return this.temporal.workflow.getHandle(workflowId, description.runId);
      }
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw toPlangateError(error);
    }
    for await (const execution of this.temporal.workflow.list({
      query: `WorkflowId = '${workflowId}' AND RequestId = '${requestId}'`,
    })) {
      this.runIds.set(requestId, execution.runId);
      return this.temporal.workflow.getHandle(workflowId, execution.runId);
    }
    throw new PlangateError(
      'REQUEST_NOT_FOUND',
      404,
      `No change request ${requestId} for account ${accountId}`,
    );
  }
}

function checkId(field: string, value: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw new PlangateError('INVALID_INPUT', 400, `${field} is not a valid id`, {
      problems: [{ field, message: 'must be 1-64 letters, digits, "_", "." or "-"' }],
    });
  }
  return value;
}

function isDeadlineExceeded(error: unknown): boolean {
  const code = (error as { code?: number }).code;
  const cause = (error as { cause?: { code?: number } }).cause;
  // gRPC status 4 = DEADLINE_EXCEEDED, 1 = CANCELLED (deadline on a long-poll).
  return code === 4 || cause?.code === 4 || /deadline/i.test(String((error as Error)?.message));
}

/** Maps Temporal errors to PlangateErrors; unknown ones become a 503 without internals. */
export function toPlangateError(error: unknown): PlangateError {
  if (error instanceof PlangateError) return error;
  const failure =
    error instanceof ApplicationFailure
      ? error
      : error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
        ? error.cause
        : undefined;
  if (failure?.type) {
    const problems = (failure.details?.[0] as { problems?: FieldProblem[] } | undefined)?.problems;
    return new PlangateError(
      failure.type,
      statusForErrorType[failure.type] ?? 409,
      failure.message,
      problems ? { problems } : {},
    );
  }
  if (error instanceof WorkflowNotFoundError) {
    return new PlangateError('REQUEST_NOT_FOUND', 404, 'No such change request');
  }
  const message = String((error as Error)?.message ?? error);
  if (/already completed|workflow execution already completed/i.test(message)) {
    return new PlangateError('REQUEST_NOT_OPEN', 409, 'The request is closed');
  }
  if (isDeadlineExceeded(error)) {
    return new PlangateError(
      'NOT_RECORDED',
      503,
      'No worker answered in time; nothing was recorded. Please try again.',
    );
  }
  return new PlangateError('TEMPORAL_ERROR', 503, `Temporal did not complete the call: ${message}`);
}
