// Shared parts of the webhook suites: request events as the workflow writes them, both store
// backends, a dispatcher with short (real, configurable) timings, and a log that tests can read.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { openBillingStore, type KyselyBillingStore } from '../../activities/store/index.js';
import {
  requestEventId,
  type RequestEvent,
  type RequestEventKind,
} from '../../activities/store/event-types.js';
import type { WebhookConfig } from '../../activities/webhooks/config.js';
import { loadEnvironment } from '../../config/environment.js';
import { webhookSettings } from '../../config/settings.js';
import {
  startWebhookDispatcher,
  type WebhookDispatcherOptions,
} from '../../activities/webhooks/dispatcher.js';
import type { RequestState } from '../../workflows/request-states.js';
import { createTestDatabase } from '../setup/postgres.js';

export interface Backend {
  name: string;
  open(): Promise<KyselyBillingStore>;
  cleanup(): Promise<void>;
}

export async function pgliteBackend(): Promise<Backend> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plangate-webhooks-'));
  return {
    name: 'PGlite',
    open: () => openBillingStore({ dataDir }),
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export async function postgresBackend(): Promise<Backend & { url: string }> {
  const db = await createTestDatabase('plangate_webhooks');
  return {
    name: 'PostgreSQL',
    url: db.url,
    open: () => openBillingStore({ databaseUrl: db.url, poolMax: 4 }),
    cleanup: () => db.drop(),
  };
}

const stateOf: Record<RequestEventKind, RequestState> = {
  submitted: 'pending_approval',
  approval_recorded: 'pending_approval',
  approved: 'applying',
  rejected: 'rejected',
  cancelled: 'cancelled',
  expired: 'expired',
  scheduled: 'applying',
  requoted: 'pending_approval',
  applied: 'applied',
  failed: 'failed',
};

export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

/** The events of one request, sequence 1..n, as the workflow's steps produce them. */
export function requestEvents(
  requestId: string,
  kinds: RequestEventKind[],
  accountId = 'acme',
): RequestEvent[] {
  const start = Date.now();
  return kinds.map((kind, index) => ({
    id: requestEventId(requestId, index + 1),
    type: `change_request.${kind}`,
    createdAt: new Date(start + index).toISOString(),
    data: {
      accountId,
      requestId,
      state: stateOf[kind],
      sequence: index + 1,
      ...(kind === 'applied' ? { invoice: { id: 'inv_1', totalMinor: 5712, currency: 'EUR' } } : {}),
    },
  }));
}

/** The webhook settings as every process reads them: through the configuration schema. */
export function webhookConfigFromEnv(env: NodeJS.ProcessEnv): WebhookConfig {
  return webhookSettings(loadEnvironment(env));
}

/** The real configuration with the short timings the suites need (the same variables as production). */
export function testConfig(overrides: Record<string, string> = {}): WebhookConfig {
  return webhookConfigFromEnv({
    PLANGATE_DEV: '1',
    PLANGATE_WEBHOOK_RETRY_BASE: '50ms',
    PLANGATE_WEBHOOK_TIMEOUT: '2s',
    PLANGATE_WEBHOOK_POLL_INTERVAL: '50ms',
    ...overrides,
  });
}

/** A pino logger writing JSON lines into memory, so tests can read what was logged. */
export function memoryLogger(): {
  logger: pino.Logger;
  lines: () => Array<Record<string, unknown>>;
  text: () => string;
} {
  let buffer = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      buffer += chunk.toString();
      callback();
    },
  });
  const logger = pino({ level: 'debug' }, stream);
  return {
    logger,
    text: () => buffer,
    lines: () =>
      buffer
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

export function dispatcher(
  store: KyselyBillingStore,
  config: WebhookConfig,
  extra: Partial<WebhookDispatcherOptions> = {},
) {
  return startWebhookDispatcher({ store, config, logger: pino({ level: 'silent' }), ...extra });
}
