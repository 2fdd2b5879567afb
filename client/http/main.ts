// `plangate web`: the web server process. Reads its configuration from the environment, opens the
// billing store (for the subscription view) and the Temporal client, and serves until SIGINT/SIGTERM.
import { resolve } from 'node:path';
import { loadLinkSecret } from '../../activities/mailer/index.js';
import type { DevSmtpSink } from '../../activities/mailer/index.js';
import { billingStoreConfigFromEnv, openBillingStore } from '../../activities/store/index.js';
import type { BillingStore } from '../../activities/store/types.js';
import { prepareRequestActivity } from '../../activities/prepare-request.js';
import { loadCatalog } from '../../worker/dependencies.js';
import { webhookConfigFromEnv } from '../../activities/webhooks/config.js';
import { PlangateClient } from '../plangate-client.js';
import { startWebServer, type RateLimitSetting, type RunningWebServer } from './web-server.js';

export const API_TOKEN_ENV = 'PLANGATE_API_TOKEN';
/** The dev stack's well-known token: only with PLANGATE_DEV=1, never as a silent production default. */
export const DEV_API_TOKEN = 'dev-token';

export class WebConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebConfigError';
  }
}

export interface WebConfig {
  port: number;
  host: string;
  publicUrl: string;
  apiToken: string;
  /** True when the API token is the dev stack's default (the banner may print it). */
  devToken: boolean;
  dataDir: string;
  rateLimit: RateLimitSetting;
  pageRateLimit: RateLimitSetting;
  trustProxy: boolean;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 1_000_000): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new WebConfigError(`${name} must be a whole number between 0 and ${max}, got "${raw}"`);
  return value;
}

export function webConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WebConfig {
  const port = positiveInt(env, 'PORT', 3000, 65_535);
  const dev = env.PLANGATE_DEV === '1';
  const token = env[API_TOKEN_ENV]?.trim();
  if (!token && !dev) {
    throw new WebConfigError(
      `${API_TOKEN_ENV} is not set. Set it to a long random secret (e.g. \`openssl rand -hex 32\`); host apps send it as "Authorization: Bearer <token>". For the local dev stack, PLANGATE_DEV=1 uses "${DEV_API_TOKEN}".`,
    );
  }
  const publicUrl = env.PLANGATE_PUBLIC_URL || `http://localhost:${port}`;
  try {
    new URL(publicUrl);
  } catch {
    throw new WebConfigError(`PLANGATE_PUBLIC_URL is not a URL: "${publicUrl}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    publicUrl,
    apiToken: token || DEV_API_TOKEN,
    devToken: !token,
    dataDir: resolve(env.PLANGATE_DATA_DIR || './var'),
    rateLimit: { max: positiveInt(env, 'PLANGATE_API_RATE_LIMIT', 600), timeWindowMs: 60_000 },
    pageRateLimit: { max: positiveInt(env, 'PLANGATE_PAGE_RATE_LIMIT', 60), timeWindowMs: 60_000 },
    trustProxy: env.PLANGATE_TRUST_PROXY === '1',
  };
}

export interface RunWebOptions {
  /** The dev stack runs the SMTP sink in-process: its mailbox appears at /dev/mail. */
  devMailbox?: DevSmtpSink;
  /** An open store to share (PGlite allows one process per data directory). */
  store?: BillingStore;
  /** Install SIGINT/SIGTERM handlers that close everything (default true). */
  handleSignals?: boolean;
  log?: (line: string) => void;
}

export interface RunningWeb extends RunningWebServer {
  config: WebConfig;
}

export async function runWeb(
  env: NodeJS.ProcessEnv = process.env,
  options: RunWebOptions = {},
): Promise<RunningWeb> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = webConfigFromEnv(env);
  const linkSecret = await loadLinkSecret({ env, dataDir: config.dataDir });
  const catalog = await loadCatalog(env.PLANGATE_CATALOG_FILE || undefined);
  const store = options.store ?? (await openBillingStore(billingStoreConfigFromEnv(env)));
  const ownsStore = !options.store;
  let client: PlangateClient;
  try {
    client = await PlangateClient.connect(env, {
      preview: prepareRequestActivity({ store, catalog }),
    });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  let web: RunningWebServer;
  try {
    web = await startWebServer({
      client,
      accounts: store,
      webhooks: webhookConfigFromEnv(env),
      catalog,
      linkSecret,
      apiToken: config.apiToken,
      publicUrl: config.publicUrl,
      port: config.port,
      host: config.host,
      logger: { level: env.LOG_LEVEL || 'info' },
      rateLimit: config.rateLimit,
      pageRateLimit: config.pageRateLimit,
      trustProxy: config.trustProxy,
      ...(options.devMailbox ? { devMailbox: options.devMailbox } : {}),
    });
  } catch (error) {
    await client.close();
    if (ownsStore) await store.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await web.close();
      await client.close();
      if (ownsStore) await store.close();
    })();
    return closing;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      log(`plangate web: ${signal}, shutting down`);
      close().then(
        () => {
          process.exitCode = 0;
        },
        (error: unknown) => {
          log(`plangate web: error while shutting down: ${(error as Error).message}`);
          process.exitCode = 1;
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  // The banner: what this process uses. The API token is printed only when it is the public dev one.
  log(
    [
      `plangate web listening on ${web.url}`,
      `  public URL (links in emails): ${config.publicUrl}`,
      `  API: ${config.publicUrl.replace(/\/+$/, '')}/api/v1 (Authorization: Bearer ${config.devToken ? DEV_API_TOKEN : `<${API_TOKEN_ENV}>`})`,
      ...(options.devMailbox ? [`  dev mailbox: ${config.publicUrl.replace(/\/+$/, '')}/dev/mail`] : []),
      `  data directory: ${config.dataDir}`,
    ].join('\n'),
  );
  return { ...web, config, close };
}
