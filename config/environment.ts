// Every environment variable Plangate reads, in one schema: its rule, its default and what it means.
// Each process validates the whole environment once when it starts (loadEnvironment) and reads its
// settings from the result through the views in settings.ts; a bad value stops it with one line
// naming the variable. The README's Configuration table is checked against the docs kept here
// (test/config/readme-table.test.ts), and `plangate doctor` lists the effective values from it.
import { z } from 'zod';
import { parseDefaultApprovalPolicy } from '../activities/approval-policy.js';
import { linkSecretProblem } from '../activities/mailer/link-secret.js';
import { defaultQuotePolicy } from '../activities/pricing/quote.js';
import { defaultRequestPolicy } from '../workflows/request-policy.js';
import { formatDuration } from './duration.js';
import {
  anyText,
  directory,
  duration,
  emailAddress,
  flag,
  httpUrl,
  increasingDurations,
  oneOf,
  port,
  positiveDuration,
  urlWithCredentials,
  wholeNumber,
  type Rule,
} from './rules.js';

export interface VariableDoc {
  /** The text used when the variable is unset, read by the same rule as a set value. */
  fallback?: string;
  /** README "Default" column (Markdown); `fallback` in backticks when omitted. */
  default?: string;
  /** README "Meaning" column (Markdown). */
  meaning: string;
  /** `plangate doctor` shows `***` instead of the value, or instead of a URL's password. */
  secret?: 'value' | 'url-password';
  /** Read by another module, which owns its rules; listed here for the README and doctor. */
  readBy?: string;
  /** Several variables that share one README row (TEMPORAL_TLS_*). */
  family?: string;
}

/** The docs of each variable's schema; `variableDocs.get(variablesSchema.shape.PORT)`. */
export const variableDocs = z.registry<VariableDoc>();

/** The README rows of variable families. */
export const familyDocs: Record<string, Required<Pick<VariableDoc, 'default' | 'meaning'>>> = {
  'TEMPORAL_TLS_*': {
    default: 'unset',
    meaning:
      'mTLS and TLS settings overriding the profile: `TEMPORAL_TLS=true`, `TEMPORAL_TLS_CLIENT_CERT_PATH`, `TEMPORAL_TLS_CLIENT_KEY_PATH`, `TEMPORAL_TLS_SERVER_CA_CERT_PATH`, `TEMPORAL_TLS_SERVER_NAME`, `TEMPORAL_TLS_DISABLE_HOST_VERIFICATION` (and `*_DATA` variants with the PEM itself).',
  },
};

/** A problem with one variable: `message` follows its name ("PORT must be a port number ..."). */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Bad configuration: one line naming every variable at fault and why. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.message}`).join('; '));
    this.name = 'ConfigError';
  }
}

function setting<T>(rule: Rule<T>, doc: VariableDoc & { fallback: string }): z.ZodType<T, string | undefined>;
function setting<T>(rule: Rule<T>, doc: VariableDoc): z.ZodType<T | undefined, string | undefined>;
function setting<T>(rule: Rule<T>, doc: VariableDoc): z.ZodType<T | undefined, string | undefined> {
  return z
    .string()
    .optional()
    .transform((raw, ctx) => {
      // Blank is unset, as `VAR= plangate web` means in a shell.
      const text = raw?.trim() || doc.fallback;
      if (text === undefined) return undefined;
      const result = rule(text);
      if ('value' in result) return result.value;
      ctx.addIssue({ code: 'custom', message: result.problem });
      return z.NEVER;
    })
    .register(variableDocs, doc);
}

/** Read by @temporalio/envconfig, which implements the profile rules of temporal.toml. */
function temporalVariable(doc: Omit<VariableDoc, 'readBy'>) {
  return setting(anyText, { ...doc, readBy: '@temporalio/envconfig' });
}

function temporalTls(meaning: string, secret?: 'value') {
  return temporalVariable({ meaning, family: 'TEMPORAL_TLS_*', ...(secret ? { secret } : {}) });
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const downgradeTimings = ['immediate', 'period_end'] as const satisfies ReadonlyArray<
  typeof defaultQuotePolicy.downgradeTiming
>;

/** Every variable, in the order of the README table. */
export const variablesSchema = z.object({
  PORT: setting(port, { fallback: '3000', meaning: 'Web server port (`plangate web`, `plangate dev`).' }),
  HOST: setting(anyText, {
    fallback: '127.0.0.1',
    meaning:
      'Address the web server binds (`plangate web`); `0.0.0.0` behind a load balancer or in a container.',
  }),
  TEMPORAL_PORT: setting(port, {
    fallback: '7233',
    meaning: '`plangate dev` only: gRPC port of the Temporal dev server.',
  }),
  TEMPORAL_UI_PORT: setting(port, {
    fallback: '8233',
    meaning: '`plangate dev` only: port of the Temporal Web UI.',
  }),
  SMTP_PORT: setting(port, {
    fallback: '2525',
    meaning: "`plangate dev`: port of the SMTP sink. Also the port of the worker's default `SMTP_URL`.",
  }),
  SMTP_URL: setting(
    urlWithCredentials(['smtp:', 'smtps:'], 'smtp://host:port or smtps://user:password@host:465'),
    {
      default: '`smtp://127.0.0.1:$SMTP_PORT`',
      meaning:
        'Where the worker sends mail: `smtp://host:port` or `smtps://user:password@host:465`. `plangate dev` always uses its sink.',
      secret: 'url-password',
    },
  ),
  MAIL_FROM: setting(anyText, {
    fallback: 'Plangate <plangate@localhost>',
    meaning: 'Sender of every email.',
  }),
  PLANGATE_DATA_DIR: setting(directory, {
    fallback: './var',
    meaning:
      "All local state: the PGlite store (`pglite/`), the dev server's `temporal.sqlite` and log, the generated `link-secret`.",
  }),
  PLANGATE_API_TOKEN: setting(anyText, {
    default: '`dev-token` in `plangate dev`; required by `plangate web`',
    meaning: 'Bearer token of the JSON API (`Authorization: Bearer <token>`). `openssl rand -hex 32`.',
    secret: 'value',
  }),
  PLANGATE_DEV: setting(flag, {
    fallback: '0',
    default: 'unset',
    meaning:
      '`1` lets `plangate web` run without `PLANGATE_API_TOKEN`, using `dev-token`; `plangate dev` sets it for its children. Never in production.',
  }),
  PLANGATE_PUBLIC_URL: setting(httpUrl, {
    default: '`http://localhost:$PORT`',
    meaning:
      "Public base URL of the web server; links in emails are built from it (never from a request's Host header). Worker and web.",
  }),
  PLANGATE_LINK_SECRET: setting(
    (text) => {
      const problem = linkSecretProblem(text);
      return problem === undefined ? { value: text } : { problem };
    },
    {
      default: 'generated in `$PLANGATE_DATA_DIR/link-secret`',
      meaning:
        '32-byte key (64 hex characters or base64) that signs approval links. The worker signs, the web server verifies: set the same value everywhere when they do not share a data directory.',
      secret: 'value',
    },
  ),
  PLANGATE_SUPPORT_EMAIL: setting(emailAddress, {
    fallback: 'support@localhost',
    meaning: 'Where the worker sends support notices (a change that could not be applied).',
  }),
  PLANGATE_CATALOG_FILE: setting(anyText, {
    default: 'built-in catalog',
    meaning:
      'JSON catalog of products, plans, add-ons, prices and VAT rates; validated on start (`plangate doctor` checks it).',
  }),
  PLANGATE_TASK_QUEUE: setting(anyText, {
    fallback: 'plangate',
    meaning: 'Task queue the workers poll and the clients start workflows on.',
  }),
  PLANGATE_API_RATE_LIMIT: setting(wholeNumber(1, 1_000_000), {
    fallback: '600',
    meaning: 'API requests per minute and client IP (`plangate web`); 1 or more (0 is refused, not "off").',
  }),
  PLANGATE_PAGE_RATE_LIMIT: setting(wholeNumber(1, 1_000_000), {
    fallback: '60',
    meaning:
      'Approval, status and portal page requests per minute and client IP (`plangate web`), each its own budget; 1 or more.',
  }),
  PLANGATE_PORTAL_SESSION_TTL: setting(positiveDuration, {
    fallback: '1h',
    meaning:
      'How long a requester portal link (`POST /api/v1/accounts/{id}/portal-sessions`) stays valid; the host app asks for a new one each time a member opens the portal.',
  }),
  PLANGATE_TRUST_PROXY: setting(flag, {
    fallback: '0',
    default: 'unset',
    meaning: '`1`: take the client IP from `X-Forwarded-For` (behind a reverse proxy) for the rate limits.',
  }),
  PLANGATE_DOWNGRADE_TIMING: setting(oneOf(downgradeTimings), {
    fallback: defaultQuotePolicy.downgradeTiming,
    meaning:
      'Request policy: `immediate` applies a plan downgrade when it is approved, prorated; `period_end` quotes it for the end of the billing period (no proration lines, `scheduledChangeAt`). Contact-limit decreases follow it too; the rest of the change rides along.',
  }),
  PLANGATE_REMIND_AFTER: setting(increasingDurations, {
    fallback: defaultRequestPolicy.remindAfterMs.map(formatDuration).join(','),
    meaning:
      'Request policy: reminders to the approvers, as durations from the start of each approval stage (a later stage starts its own), comma-separated, increasing and before `PLANGATE_EXPIRE_AFTER`; `none` for no reminders.',
  }),
  PLANGATE_EXPIRE_AFTER: setting(positiveDuration, {
    fallback: formatDuration(defaultRequestPolicy.expireAfterMs),
    meaning: 'Request policy: a request nobody decided expires this long after its approval round started.',
  }),
  PLANGATE_SUPPORT_REVIEW_TIMEOUT: setting(positiveDuration, {
    fallback: formatDuration(defaultRequestPolicy.supportReviewTimeoutMs),
    meaning:
      'Request policy: how long support has to review a downgrade or contact-limit decrease (`plangate requests review`) before the request expires.',
  }),
  PLANGATE_WEBHOOK_RETRY_FOR: setting(duration, {
    fallback: '24h',
    meaning:
      'Webhooks: how long a delivery is retried (exponential backoff) after it was queued or redelivered.',
  }),
  PLANGATE_WEBHOOK_RETRY_BASE: setting(positiveDuration, {
    fallback: '5s',
    meaning:
      'Webhooks: the delay before the first retry; it doubles with each failed attempt (with jitter), up to an hour.',
  }),
  PLANGATE_WEBHOOK_SECRET_OVERLAP: setting(duration, {
    fallback: '24h',
    meaning:
      'Webhooks: after `rotate-secret`, the previous secret keeps signing (beside the new one) this long.',
  }),
  PLANGATE_WEBHOOK_DISABLE_AFTER: setting(duration, {
    fallback: '3d',
    meaning: 'Webhooks: an endpoint whose every attempt failed this long is disabled, and support is told.',
  }),
  PLANGATE_WEBHOOK_TIMEOUT: setting(positiveDuration, {
    fallback: '10s',
    meaning:
      'Webhooks: one delivery attempt (connect, send, the answer); no answer in time is a failed attempt.',
  }),
  PLANGATE_WEBHOOK_POLL_INTERVAL: setting(positiveDuration, {
    fallback: '1s',
    meaning: 'Webhooks: how often an idle dispatcher (in every worker) looks for due deliveries.',
  }),
  PLANGATE_WEBHOOK_CONCURRENCY: setting(wholeNumber(1, 1000), {
    fallback: '16',
    meaning:
      'Webhooks: delivery attempts one worker runs at once, over all endpoints (at most 4 per endpoint).',
  }),
  PLANGATE_APPROVAL_POLICY: setting(parseDefaultApprovalPolicy, {
    fallback: '{"mode":"any"}',
    meaning:
      "The approval policy of accounts that have not set their own (README, Approval policies): JSON of the API's shape, naming approvers by role only.",
  }),
  DATABASE_URL: setting(
    urlWithCredentials(
      ['postgres:', 'postgresql:'],
      'a PostgreSQL URL such as postgres://user:password@host:5432/database',
    ),
    {
      default: 'unset: PGlite in `$PLANGATE_DATA_DIR/pglite`',
      meaning: 'PostgreSQL connection string. Required as soon as more than one process uses the store.',
      secret: 'url-password',
    },
  ),
  DATABASE_POOL_MAX: setting(wholeNumber(1, 1_000), {
    fallback: '10',
    meaning: 'Connections per process in the PostgreSQL pool.',
  }),
  TEMPORAL_ADDRESS: temporalVariable({
    default: '`localhost:7233` (profile `default`)',
    meaning: 'Temporal frontend `host:port`; overrides the profile.',
  }),
  TEMPORAL_NAMESPACE: temporalVariable({
    default: '`default`',
    meaning: 'Temporal namespace; overrides the profile.',
  }),
  TEMPORAL_API_KEY: temporalVariable({
    default: 'unset',
    meaning: 'Temporal Cloud API key (turns on TLS).',
    secret: 'value',
  }),
  TEMPORAL_PROFILE: setting(anyText, {
    fallback: 'default',
    meaning: 'Profile of `temporal.toml` to use.',
    readBy: '@temporalio/envconfig',
  }),
  TEMPORAL_CONFIG_FILE: temporalVariable({
    default: '`temporal-config/temporal.toml`',
    meaning: 'The profiles file; the `temporal` CLI reads the same file and variables.',
  }),
  TEMPORAL_TLS: temporalTls('`true` turns on TLS.'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: temporalTls('Client certificate (mTLS), a PEM file.'),
  TEMPORAL_TLS_CLIENT_CERT_DATA: temporalTls('Client certificate (mTLS), the PEM itself.'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: temporalTls('Client key (mTLS), a PEM file.'),
  TEMPORAL_TLS_CLIENT_KEY_DATA: temporalTls('Client key (mTLS), the PEM itself.', 'value'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: temporalTls('CA certificate of the server, a PEM file.'),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: temporalTls('CA certificate of the server, the PEM itself.'),
  TEMPORAL_TLS_SERVER_NAME: temporalTls('Server name for TLS verification (SNI).'),
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: temporalTls('`true` skips the host name check.'),
  TEMPORAL_CLI_PATH: setting(anyText, {
    default: '`temporal` on `PATH`, then the cached build',
    meaning: 'The `temporal` binary that runs the dev server (`plangate dev`, tests).',
    readBy: 'temporal-config/temporal-cli.ts',
  }),
  TEMPORAL_SERVER_PATH: setting(anyText, {
    default: '`temporal-server` on `PATH`, then the cached build',
    meaning:
      'The Temporal server binary of the production topology (`plangate cluster`, the cluster tests and bench).',
    readBy: 'temporal-config/temporal-server.ts',
  }),
  TEMPORAL_SQL_TOOL_PATH: setting(anyText, {
    default: '`temporal-sql-tool` on `PATH`, then the cached build',
    meaning: "The server's SQL tool, which sets up and upgrades its PostgreSQL schemas.",
    readBy: 'temporal-config/temporal-server.ts',
  }),
  TEMPORAL_SCHEMA_DIR: setting(anyText, {
    default: "the cached copy of the server module's `schema/`",
    meaning:
      'Holds `postgresql/v12/temporal/versioned` and `.../visibility/versioned`, which `temporal-sql-tool update-schema` applies.',
    readBy: 'temporal-config/temporal-server.ts',
  }),
  PLANGATE_CACHE_DIR: setting(anyText, {
    default: '`$XDG_CACHE_HOME/plangate` or `~/.cache/plangate`',
    meaning: 'Where the Temporal CLI is built and cached (`bin/temporal`).',
    readBy: 'temporal-config/temporal-cli.ts',
  }),
  // Requests wait days for a decision: a cached one saves a replay of ~25 events when the owner
  // clicks, so a small cache costs little, while each cached run holds heap in the workflow thread.
  WORKER_MAX_CACHED_WORKFLOWS: setting(wholeNumber(1, 1_000_000), {
    fallback: '200',
    meaning: "Workflows kept in the worker's cache; bounds memory when many requests wait.",
  }),
  WORKER_MAX_CONCURRENT_ACTIVITIES: setting(wholeNumber(1, 1_000_000), {
    fallback: '50',
    meaning: 'Activities one worker runs at once.',
  }),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: setting(wholeNumber(1, 1_000_000), {
    fallback: '20',
    meaning: 'Workflow tasks one worker runs at once.',
  }),
  LOG_LEVEL: setting(oneOf(logLevels), {
    default: '`info` (`warn` in `plangate dev`)',
    meaning:
      'pino level of worker and web logs (JSON on stdout); `debug` also makes CLI errors show a stack trace.',
  }),
});

export type VariableName = keyof typeof variablesSchema.shape;

/** The environment as every process reads it: validated, defaults applied. */
export const environmentSchema = variablesSchema
  .superRefine((v, ctx) => {
    const late = v.PLANGATE_REMIND_AFTER.find((ms) => ms >= v.PLANGATE_EXPIRE_AFTER);
    if (late !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['PLANGATE_REMIND_AFTER'],
        message: `must all come before PLANGATE_EXPIRE_AFTER (${formatDuration(v.PLANGATE_EXPIRE_AFTER)}), but ${formatDuration(late)} does not`,
      });
    }
  })
  // Defaults that follow other variables.
  .transform((v) => ({
    ...v,
    SMTP_URL: v.SMTP_URL ?? `smtp://127.0.0.1:${v.SMTP_PORT}`,
    PLANGATE_PUBLIC_URL: v.PLANGATE_PUBLIC_URL ?? `http://localhost:${v.PORT}`,
  }));

export type Environment = z.output<typeof environmentSchema>;

type RawEnvironment = Record<string, string | undefined>;

/** Validates the whole environment; a ConfigError names every bad variable. */
export function loadEnvironment(env: RawEnvironment = process.env): Environment {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(problemsOf(parsed.error));
  return parsed.data;
}

/**
 * For `plangate doctor`, which reports bad values instead of stopping: the problems, and the
 * environment read as if the bad variables were unset (so the other checks still run).
 */
export function inspectEnvironment(env: RawEnvironment): {
  environment: Environment;
  problems: ConfigProblem[];
  /** The raw environment without the bad variables, for code that reads it itself (envconfig). */
  usable: RawEnvironment;
} {
  const problems: ConfigProblem[] = [];
  const usable = { ...env };
  // Cross-variable checks run only once each variable is valid, hence a second round; unset
  // variables take their defaults, which are valid, so two rounds are enough.
  for (let round = 0; round < 3; round++) {
    const parsed = environmentSchema.safeParse(usable);
    if (parsed.success) return { environment: parsed.data, problems, usable };
    for (const problem of problemsOf(parsed.error)) {
      problems.push(problem);
      delete usable[problem.variable];
    }
  }
  throw new ConfigError(problems);
}

/** One variable on its own, for modules that take the raw environment (PlangateClient.connect). */
export function readVariable<K extends VariableName>(
  env: RawEnvironment,
  name: K,
): z.output<(typeof variablesSchema.shape)[K]> {
  const parsed = variablesSchema.shape[name].safeParse(env[name]);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => ({ variable: name, message: issue.message })));
  }
  return parsed.data as z.output<(typeof variablesSchema.shape)[K]>;
}

/** Every variable with its docs, in README order. */
export function documentedVariables(): Array<{ name: VariableName; doc: VariableDoc }> {
  return (Object.keys(variablesSchema.shape) as VariableName[]).map((name) => {
    const doc = variableDocs.get(variablesSchema.shape[name]);
    if (!doc) throw new Error(`${name} has no docs`);
    return { name, doc };
  });
}

function problemsOf(error: z.ZodError): ConfigProblem[] {
  return error.issues.map((issue) => ({ variable: String(issue.path[0]), message: issue.message }));
}
