// What each process takes from the validated environment (environment.ts), under the names its code
// uses. Views only: every rule and default lives in the schema.
import type { BillingStoreConfig } from '../activities/store/open-store.js';
import type { QuotePolicy } from '../activities/pricing/types.js';
import type { ApprovalPolicy } from '../activities/store/policy-types.js';
import type { WebhookConfig } from '../activities/webhooks/config.js';
import type { RequestPolicy } from '../workflows/request-policy.js';
import { ConfigError, type Environment } from './environment.js';

/** The dev stack's well-known token: only with PLANGATE_DEV=1, never as a silent production default. */
export const DEV_API_TOKEN = 'dev-token';

const MINUTE_MS = 60_000;

/** The deployment's request policy, handed to PlangateClient (`options.policy`) for every new request. */
export type DeploymentRequestPolicy = Pick<
  RequestPolicy,
  'remindAfterMs' | 'expireAfterMs' | 'supportReviewTimeoutMs'
> & { quote: Pick<QuotePolicy, 'downgradeTiming'> };

export function requestPolicy(env: Environment): DeploymentRequestPolicy {
  return {
    remindAfterMs: env.PLANGATE_REMIND_AFTER,
    expireAfterMs: env.PLANGATE_EXPIRE_AFTER,
    supportReviewTimeoutMs: env.PLANGATE_SUPPORT_REVIEW_TIMEOUT,
    quote: { downgradeTiming: env.PLANGATE_DOWNGRADE_TIMING },
  };
}

export function storeSettings(env: Environment): BillingStoreConfig {
  return {
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    dataDir: env.PLANGATE_DATA_DIR,
    poolMax: env.DATABASE_POOL_MAX,
  };
}

/** How the store is shown in banners and by doctor (never the URL: it may hold a password). */
export function storeKind(env: Environment): string {
  return env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${env.PLANGATE_DATA_DIR}`;
}

export interface WorkerSettings {
  dataDir: string;
  store: BillingStoreConfig;
  smtpUrl: string;
  mailFrom: string;
  publicUrl: string;
  supportEmail: string;
  catalogFile: string | undefined;
  linkSecret: string | undefined;
  taskQueue: string;
  logLevel: string;
  maxCachedWorkflows: number;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /** The approval policy of accounts without their own. */
  approvalPolicy: ApprovalPolicy;
}

export function workerSettings(env: Environment): WorkerSettings {
  return {
    dataDir: env.PLANGATE_DATA_DIR,
    store: storeSettings(env),
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    publicUrl: env.PLANGATE_PUBLIC_URL,
    supportEmail: env.PLANGATE_SUPPORT_EMAIL,
    catalogFile: env.PLANGATE_CATALOG_FILE,
    linkSecret: env.PLANGATE_LINK_SECRET,
    taskQueue: env.PLANGATE_TASK_QUEUE,
    logLevel: env.LOG_LEVEL ?? 'info',
    maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    approvalPolicy: env.PLANGATE_APPROVAL_POLICY,
  };
}

export interface WebSettings {
  port: number;
  host: string;
  publicUrl: string;
  apiToken: string;
  /** True when the API token is the dev stack's default (the banner may print it). */
  devToken: boolean;
  dataDir: string;
  store: BillingStoreConfig;
  catalogFile: string | undefined;
  linkSecret: string | undefined;
  rateLimit: { max: number; timeWindowMs: number };
  pageRateLimit: { max: number; timeWindowMs: number };
  /** How long a portal session link is valid (PLANGATE_PORTAL_SESSION_TTL). */
  portalSessionTtlMs: number;
  trustProxy: boolean;
  logLevel: string;
  policy: DeploymentRequestPolicy;
  /** The approval policy of accounts without their own. */
  approvalPolicy: ApprovalPolicy;
}

/** `plangate web`: refuses to start without an API token unless PLANGATE_DEV is on. */
export function webSettings(env: Environment): WebSettings {
  const token = env.PLANGATE_API_TOKEN;
  if (!token && !env.PLANGATE_DEV) {
    throw new ConfigError([
      {
        variable: 'PLANGATE_API_TOKEN',
        message: `is not set. Set it to a long random secret (e.g. \`openssl rand -hex 32\`); host apps send it as "Authorization: Bearer <token>". For the local dev stack, PLANGATE_DEV=1 uses "${DEV_API_TOKEN}".`,
      },
    ]);
  }
  return {
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.PLANGATE_PUBLIC_URL,
    apiToken: token ?? DEV_API_TOKEN,
    devToken: !token,
    dataDir: env.PLANGATE_DATA_DIR,
    store: storeSettings(env),
    catalogFile: env.PLANGATE_CATALOG_FILE,
    linkSecret: env.PLANGATE_LINK_SECRET,
    rateLimit: { max: env.PLANGATE_API_RATE_LIMIT, timeWindowMs: MINUTE_MS },
    pageRateLimit: { max: env.PLANGATE_PAGE_RATE_LIMIT, timeWindowMs: MINUTE_MS },
    portalSessionTtlMs: env.PLANGATE_PORTAL_SESSION_TTL,
    trustProxy: env.PLANGATE_TRUST_PROXY,
    logLevel: env.LOG_LEVEL ?? 'info',
    policy: requestPolicy(env),
    approvalPolicy: env.PLANGATE_APPROVAL_POLICY,
  };
}

/** The webhook dispatcher and the endpoint rules (activities/webhooks). */
export function webhookSettings(env: Environment): WebhookConfig {
  return {
    // A development deployment may deliver to http on loopback (docs/events.md, "Endpoints").
    allowLoopback: env.PLANGATE_DEV,
    retryForMs: env.PLANGATE_WEBHOOK_RETRY_FOR,
    retryBaseMs: env.PLANGATE_WEBHOOK_RETRY_BASE,
    secretOverlapMs: env.PLANGATE_WEBHOOK_SECRET_OVERLAP,
    disableAfterMs: env.PLANGATE_WEBHOOK_DISABLE_AFTER,
    timeoutMs: env.PLANGATE_WEBHOOK_TIMEOUT,
    pollIntervalMs: env.PLANGATE_WEBHOOK_POLL_INTERVAL,
    concurrency: env.PLANGATE_WEBHOOK_CONCURRENCY,
  };
}

/** `plangate dev` (docs/operations.md, "Topology"): its ports, data directory, token and public URL. */
export interface DevSettings {
  port: number;
  temporalPort: number;
  temporalUiPort: number;
  smtpPort: number;
  dataDir: string;
  apiToken: string;
  publicUrl: string;
  /** Quieter than production, so that the banner stays readable; LOG_LEVEL=info shows every request. */
  logLevel: string;
}

export function devSettings(env: Environment): DevSettings {
  return {
    port: env.PORT,
    temporalPort: env.TEMPORAL_PORT,
    temporalUiPort: env.TEMPORAL_UI_PORT,
    smtpPort: env.SMTP_PORT,
    dataDir: env.PLANGATE_DATA_DIR,
    apiToken: env.PLANGATE_API_TOKEN ?? DEV_API_TOKEN,
    publicUrl: env.PLANGATE_PUBLIC_URL,
    logLevel: env.LOG_LEVEL ?? 'warn',
  };
}
