// The webhook dispatcher: runs beside the Temporal worker in every `plangate worker` process (and in
// the dev stack), NOT as an activity, so deliveries cost no Temporal Actions and a slow endpoint
// never touches a request. All its state is in the store: it leases due deliveries, attempts them
// concurrently (bounded overall and per endpoint), and records each result. A process that dies
// mid-attempt leaves a lease that expires; another dispatcher, or this one restarted, tries again.
//
// The delivery state machine (one row per endpoint and event, webhook_deliveries):
//   pending --attempt 2xx--> delivered
//   pending/failed --attempt fails--> failed (next attempt after backoff) | dead (retry period over)
//   any --endpoint disabled--> dead (pending and failed ones)      any --redeliver--> pending
// Per request and endpoint, event n+1 is not attempted while event n is pending or failed. Once n is
// dead (given up), n+1 goes ahead: one lost receiver must not stall the request's later events, and
// the gap shows in `sequence` (the host app can read the request through the API, or support
// redelivers the dead event, which then arrives after the later ones).
import { randomBytes } from 'node:crypto';
import type { MailSender } from '../mailer/types.js';
import type { BillingStore } from '../store/types.js';
import type { ClaimedWebhookDelivery, WebhookAttemptRecord } from '../store/webhook-types.js';
import { nextAttemptAt } from './backoff.js';
import type { WebhookConfig } from './config.js';
import { renderWebhookDisabledEmail } from './disabled-email.js';
import type { HostResolver } from './endpoint-url.js';
import { postWebhook } from './post-webhook.js';
import { eventPayload, secretsInForce, signatureHeaders } from './signing.js';

export type WebhookDispatchStore = Pick<
  BillingStore,
  | 'claimWebhookDeliveries'
  | 'recordWebhookAttempt'
  | 'listUnnotifiedDisabledWebhookEndpoints'
  | 'markWebhookSupportNotified'
>;

/** pino's shape; the dispatcher logs ids, states and error classes, never URLs' answers or bodies. */
export interface DispatcherLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface WebhookDispatcherOptions {
  store: WebhookDispatchStore;
  config: WebhookConfig;
  logger: DispatcherLogger;
  /** Support is told of disabled endpoints through it; without it they are only logged. */
  mail?: Pick<MailSender, 'sendOnce'>;
  supportEmail?: string;
  /** At most this many attempts in flight per endpoint in this process (default 4). */
  perEndpoint?: number;
  resolve?: HostResolver;
  now?: () => Date;
}

/** How often to look for disabled endpoints whose support email is still to be sent. */
const NOTICE_INTERVAL_MS = 60_000;

export class WebhookDispatcher {
  private readonly id = `wd_${randomBytes(6).toString('hex')}`;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly perEndpointInFlight = new Map<string, number>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  private claims = 0;
  private lastNoticeCheck = 0;
  private readonly now: () => Date;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Look for due deliveries now instead of at the next poll. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops claiming and waits for the attempts in flight (each ends within the timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.loop;
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async run(): Promise<void> {
    const { config, logger } = this.options;
    logger.info({ dispatcher: this.id, concurrency: config.concurrency }, 'webhook dispatcher running');
    while (!this.stopping) {
      await this.notifySupportIfDue().catch((error: unknown) =>
        logger.warn(
          { dispatcher: this.id, err: (error as Error).message },
          'webhook dispatcher: support notice failed',
        ),
      );
      try {
        await this.claimAndLaunch();
      } catch (error) {
        // The store is unreachable or a query failed: nothing is lost (the state is in the store);
        // try again at the next poll.
        logger.warn(
          { dispatcher: this.id, err: (error as Error).message },
          'webhook dispatcher: store call failed',
        );
      }
      await this.sleep(config.pollIntervalMs);
    }
    logger.info({ dispatcher: this.id }, 'webhook dispatcher stopped');
  }

  private async claimAndLaunch(): Promise<void> {
    const { config, store } = this.options;
    const free = config.concurrency - this.inFlight.size;
    if (free <= 0) return;
    const now = this.now();
    const claimed = await store.claimWebhookDeliveries({
      leaseToken: `${this.id}.${++this.claims}`,
      now: now.toISOString(),
      // Longer than any attempt (cut at the timeout) plus the time to record it.
      leaseUntil: new Date(now.getTime() + 2 * config.timeoutMs + 5_000).toISOString(),
      limit: free,
      perEndpoint: this.options.perEndpoint ?? 4,
      inFlight: Object.fromEntries(this.perEndpointInFlight),
    });
    for (const delivery of claimed) this.launch(delivery);
  }

  private launch(delivery: ClaimedWebhookDelivery): void {
    const key = `${delivery.endpointId} ${delivery.eventId}`;
    const endpoint = delivery.endpointId;
    this.perEndpointInFlight.set(endpoint, (this.perEndpointInFlight.get(endpoint) ?? 0) + 1);
    const attempt = this.attempt(delivery)
      .catch((error: unknown) =>
        this.options.logger.warn(
          { endpointId: endpoint, eventId: delivery.eventId, err: (error as Error).message },
          'webhook attempt could not be recorded; it will be tried again when its lease expires',
        ),
      )
      .finally(() => {
        this.inFlight.delete(key);
        const left = (this.perEndpointInFlight.get(endpoint) ?? 1) - 1;
        if (left > 0) this.perEndpointInFlight.set(endpoint, left);
        else this.perEndpointInFlight.delete(endpoint);
        // A slot is free, and the request's next event may be due now.
        this.wake();
      });
    this.inFlight.set(key, attempt);
  }

  private async attempt(delivery: ClaimedWebhookDelivery): Promise<void> {
    const { config, store, logger } = this.options;
    const startedAt = this.now();
    const body = eventPayload(delivery.event);
    const headers = signatureHeaders(delivery.eventId, body, secretsInForce(delivery, startedAt), startedAt);
    const outcome = await postWebhook(delivery.url, headers, body, {
      allowLoopback: config.allowLoopback,
      timeoutMs: config.timeoutMs,
      ...(this.options.resolve ? { resolve: this.options.resolve } : {}),
    });
    const at = this.now();
    const attempts = delivery.attempts + 1;
    const next = outcome.ok
      ? null
      : nextAttemptAt({ at, windowStartedAt: delivery.windowStartedAt, failedAttempts: attempts }, config);
    const record: WebhookAttemptRecord = {
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      leaseToken: delivery.leaseToken,
      at: at.toISOString(),
      ok: outcome.ok,
      status: outcome.status,
      errorClass: outcome.errorClass,
      latencyMs: outcome.latencyMs,
      nextAttemptAt: next?.toISOString() ?? null,
      disableIfFailingSince: new Date(at.getTime() - config.disableAfterMs).toISOString(),
    };
    const result = await store.recordWebhookAttempt(record);
    const fields = {
      endpointId: delivery.endpointId,
      eventId: delivery.eventId,
      type: delivery.event.type,
      attempt: attempts,
      status: outcome.status,
      latencyMs: outcome.latencyMs,
    };
    if (!result.recorded) {
      logger.warn(fields, 'webhook attempt finished after its lease was taken over; not recorded');
    } else if (outcome.ok) {
      logger.debug(fields, 'webhook delivered');
    } else {
      logger.warn(
        { ...fields, errorClass: outcome.errorClass, nextAttemptAt: record.nextAttemptAt },
        record.nextAttemptAt ? 'webhook attempt failed; will retry' : 'webhook attempt failed; given up',
      );
    }
    if (result.endpointDisabled) {
      logger.warn(
        { endpointId: delivery.endpointId, disableAfterMs: config.disableAfterMs },
        'webhook endpoint disabled: every attempt failed for the configured period',
      );
      this.lastNoticeCheck = 0;
    }
  }

  private async notifySupportIfDue(): Promise<void> {
    const { mail, supportEmail, store, logger } = this.options;
    if (!mail || !supportEmail) return;
    const now = this.now().getTime();
    if (now - this.lastNoticeCheck < NOTICE_INTERVAL_MS) return;
    this.lastNoticeCheck = now;
    for (const endpoint of await store.listUnnotifiedDisabledWebhookEndpoints()) {
      // Idempotent through the send log: one email per (endpoint, disabling), even if two
      // dispatchers get here at once or this one dies before marking it.
      await mail.sendOnce({
        requestId: endpoint.id,
        kind: 'webhook_disabled',
        round: endpoint.timesDisabled,
        to: { userId: 'support', name: 'Plangate support', email: supportEmail, locale: 'en' },
        ...renderWebhookDisabledEmail(endpoint),
      });
      await store.markWebhookSupportNotified(endpoint.id, endpoint.timesDisabled, this.now().toISOString());
      logger.info({ endpointId: endpoint.id }, 'support told of the disabled webhook endpoint');
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.woken || this.stopping) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        this.woken = false;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.wakeUp = finish;
    });
  }
}

export function startWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  return new WebhookDispatcher(options).start();
}
