import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  WorkflowNotFoundError,
  type WorkflowHandle,
} from '@temporalio/client';
import type { PreparedRequest, PrepareRequestInput } from '../activities/prepare-request.js';
import type { ChangeKind, ChangeSet, Locale, Quote } from '../activities/pricing/types.js';
import type { QuoteSource } from '../activities/quote-source.js';
import type { BillingStore } from '../activities/store/types.js';
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
  type RequestStatusView,
  type ResendEmailsInput,
  type SubmissionAccepted,
  type SubmitRequestInput,
  type SupportReviewInput,
} from '../workflows/messages.js';
import type { RequestPolicy } from '../workflows/request-policy.js';
import {
  AccountIdKey,
  ChangeKindKey,
  initialIndexedState,
  RequestIdKey,
  RequestStatusKey,
} from '../workflows/search-attributes.js';
import type { subscriptionChangeRequest } from '../workflows/subscription-change-request.js';
import { loadTemporalConnectionConfig } from '../temporal-config/connection.js';
import { taskQueue } from '../temporal-config/task-queue.js';
import { PlangateError } from './plangate-error.js';
import { checkId, newRequestId, WORKFLOW_TYPE, workflowIdFor } from './request-ids.js';
import { listRequests, type ListRequestsFilter, type RequestSummary } from './request-listing.js';
import { RunLookup } from './run-lookup.js';
import { isDeadlineExceeded, toPlangateError } from './temporal-errors.js';
import { previewQuote, type QuoteRequest } from './quote-preview.js';

export interface SubmitChangeRequest {
  accountId: string;
  requestedBy: string;
  changes: ChangeSet;
  note?: string;
  locale?: Locale;
  channel?: Channel;
}

export interface PlangateClientOptions {
  taskQueue?: string;
  /** Applied to every new request (the deployment's request policy; tests shorten reminders and expiry). */
  policy?: Partial<RequestPolicy>;
  /** How long an Update may wait for a worker before we report "not recorded" (default 15 s). */
  updateTimeoutMs?: number;
  /**
   * The workflow's own prepare step and pricing path (activities/quote-source.ts), run here (they
   * read the store and price the change, no Temporal call). With it, `quote()` answers, a refused
   * submission is answered without starting a workflow, and the request starts with its ChangeKind
   * search attribute already set, so finding it by kind costs no upsert.
   */
  quotes?: QuoteSource;
  /** The prepare step alone (the older form of `quotes.prepare`): submissions are previewed, `quote()` is not configured. */
  preview?: (input: PrepareRequestInput) => Promise<PreparedRequest>;
  /**
   * The store's read model of requests (activities/store/request-records.ts): with it every read
   * (status, list, the open request's state) is a store read, costs no Temporal Action and works
   * while no worker runs. Without it (the CLI beside a dev stack whose embedded store allows one
   * process) reads ask Temporal: a status Query, visibility for lists.
   */
  requests?: Pick<BillingStore, 'getRequestRecord' | 'listRequestRecords'>;
}

/** A submission the preview cannot judge is left to the workflow, which retries the store. */
const previewUnanswered: ReadonlySet<string> = new Set(['UNAVAILABLE', 'NOT_CONFIGURED']);

/** The older `preview` option: submissions are previewed, a quote without a requester is not configured. */
function prepareOnly(prepare: QuoteSource['prepare']): QuoteSource {
  return {
    prepare,
    price: () =>
      Promise.reject(new PlangateError('NOT_CONFIGURED', 'This client can only quote for a requester')),
  };
}

/**
 * The typed client of Plangate: the HTTP server, the CLI, tests and benchmarks all go through it.
 * Every failure surfaces as a PlangateError with a code and an HTTP status.
 */
export class PlangateClient {
  private readonly taskQueue: string;
  private readonly updateTimeoutMs: number;
  private readonly runs: RunLookup;
  private readonly quoteSource: QuoteSource | undefined;

  constructor(
    readonly temporal: Client,
    private readonly options: PlangateClientOptions = {},
  ) {
    this.taskQueue = options.taskQueue ?? taskQueue();
    this.updateTimeoutMs = options.updateTimeoutMs ?? 15_000;
    this.runs = new RunLookup(temporal, options.requests);
    this.quoteSource = options.quotes ?? (options.preview && prepareOnly(options.preview));
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
    const requestId = newRequestId();
    const changeKinds = await this.previewedKinds(request);
    const input: SubmitRequestInput = {
      requestId,
      accountId: request.accountId,
      requestedBy: request.requestedBy,
      changes: request.changes,
      ...(request.note ? { note: request.note } : {}),
      ...(request.locale ? { locale: request.locale } : {}),
      channel: request.channel ?? 'api',
      ...(this.options.policy ? { policy: this.options.policy } : {}),
      indexedChangeKinds: changeKinds,
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
          // Set at start so the common path needs no upsert for them (each upsert is a billed Action).
          { key: RequestStatusKey, value: initialIndexedState },
          { key: ChangeKindKey, value: changeKinds },
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
        throw await this.alreadyOpen(request.accountId);
      }
    }
  }

  /**
   * The quote a submission would get at `at` (default now), from the workflow's own prepare step
   * with `requestedBy` (the same 400/403/404 as a submission), or priced only without it. Reads
   * the store, writes nothing, no Temporal call. Refusals are PlangateErrors.
   */
  quote(input: QuoteRequest): Promise<Quote> {
    return previewQuote(this.quoteSource, input, this.options.policy?.quote ?? {});
  }

  /**
   * The change kinds of the submission as the workflow will quote them, from the same prepare step.
   * A refusal is the caller's answer at once; anything else (the store is down) leaves the decision
   * to the workflow, which retries.
   */
  private async previewedKinds(request: SubmitChangeRequest): Promise<ChangeKind[]> {
    try {
      const quote = await this.quote({
        accountId: request.accountId,
        requestedBy: request.requestedBy,
        changes: request.changes,
      });
      return quote.kinds;
    } catch (error) {
      if (error instanceof PlangateError && !previewUnanswered.has(error.code)) throw error;
      return [];
    }
  }

  /** The 409 for a second request: it names the open one, and a scheduled one's date. */
  private async alreadyOpen(accountId: string): Promise<PlangateError> {
    const open = await this.openRequestId(accountId);
    const view = open ? await this.storedView(open) : undefined;
    const scheduledChangeAt = view?.state === 'scheduled' ? view.scheduledChangeAt : undefined;
    const message = scheduledChangeAt
      ? `Account ${accountId} has a change scheduled for ${scheduledChangeAt.slice(0, 10)} (${open}); only one request may be open at a time: cancel the scheduled change first to ask for another`
      : `Account ${accountId} already has an open change request${open ? ` (${open})` : ''}; only one may be open at a time`;
    return new PlangateError('REQUEST_ALREADY_OPEN', message, {
      ...(open ? { openRequestId: open } : {}),
      ...(scheduledChangeAt ? { scheduledChangeAt } : {}),
    });
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
      const openId = await this.openRequestId(accountId);
      const stored = openId ? await this.storedView(openId) : undefined;
      const view =
        stored ?? (await this.temporal.connection.withDeadline(deadline, () => handle.query(statusQuery)));
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

  /**
   * The request's status view: from the store's read model (as of its `asOf`) when this client has
   * it, else (and for requests started before the read model existed) from a status Query.
   */
  async getStatus(accountId: string, requestId: string): Promise<RequestStatusView> {
    checkId('accountId', accountId);
    checkId('requestId', requestId);
    const stored = await this.storedView(requestId);
    if (stored) {
      if (stored.accountId !== accountId) {
        throw new PlangateError(
          'REQUEST_NOT_FOUND',
          `No change request ${requestId} for account ${accountId}`,
        );
      }
      return stored;
    }
    return this.queryStatus(accountId, requestId);
  }

  /** The stored view; undefined when there is none, or the store cannot answer (Temporal then does). */
  private async storedView(requestId: string): Promise<RequestStatusView | undefined> {
    const record = await this.options.requests?.getRequestRecord(requestId).catch(() => null);
    return record ? { ...record.view, asOf: record.recordedAt } : undefined;
  }

  private async queryStatus(accountId: string, requestId: string): Promise<RequestStatusView> {
    const handle = await this.runs.handleFor(accountId, requestId);
    try {
      // A query needs a worker to answer; with none running it must fail, not hang the caller.
      return await this.temporal.connection.withDeadline(Date.now() + this.updateTimeoutMs, () =>
        handle.query(statusQuery),
      );
    } catch (error) {
      if (isDeadlineExceeded(error)) {
        throw new PlangateError(
          'TEMPORARILY_UNAVAILABLE',
          'No worker answered the status query in time; please try again',
        );
      }
      throw toPlangateError(error);
    }
  }

  /** Newest first. Refused submissions (never opened) are not listed. */
  listRequests(filter: ListRequestsFilter = {}): Promise<RequestSummary[]> {
    return listRequests({ temporal: this.temporal, open: this, records: this.options.requests }, filter);
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
    const handle = await this.runs.handleFor(accountId, requestId);
    try {
      return await this.withUpdateDeadline(() => call(handle));
    } catch (error) {
      // The run exists (we just found it), so "not found" here means it has already finished.
      if (error instanceof WorkflowNotFoundError) {
        throw new PlangateError(
          'REQUEST_NOT_OPEN',
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
          'No worker answered in time: the decision was not recorded. Please try again in a minute.',
        );
      }
      throw error;
    });
  }
}
