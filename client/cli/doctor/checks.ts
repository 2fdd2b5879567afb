// The checks of `plangate doctor`. Each answers one question about this machine's configuration and,
// when the answer is no, says what to change. They create nothing (no secret file, no PGlite
// directory); opening an existing store applies pending migrations, as every Plangate process does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { PlangateClient } from '../../plangate-client.js';
import { loadTemporalConnectionConfig } from '../../../temporal-config/connection.js';
import { searchAttributeKeys } from '../../../workflows/search-attributes.js';
import { loadCatalog } from '../../../worker/dependencies.js';
import { LINK_SECRET_ENV, loadLinkSecret } from '../../../activities/mailer/index.js';
import { LINK_SECRET_FILE } from '../../../activities/mailer/link-secret.js';
import {
  inspectEnvironment,
  type ConfigProblem,
  type Environment,
  type VariableName,
} from '../../../config/environment.js';
import { requestPolicy, storeKind } from '../../../config/settings.js';
import { devLockHolder } from '../dev/dev-lock.js';
import { withStore } from '../connect.js';
import {
  describeRequestPolicy,
  effectiveConfiguration,
  type EffectiveConfiguration,
} from './effective-configuration.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
  /** How to fix it (failed checks only). */
  fix?: string;
}

const TIMEOUT_MS = 8_000;

/**
 * What the checks see: the environment as validated (bad variables taken as unset, so that every
 * other check still runs), the raw one without the bad variables (for envconfig and the store), and
 * the problems.
 */
interface Context {
  environment: Environment;
  usable: NodeJS.ProcessEnv;
  problems: ConfigProblem[];
}

/** Variables with a check of their own: a bad value is reported there, not under "settings". */
const checkedOnTheirOwn: Partial<Record<VariableName, string>> = {
  PLANGATE_LINK_SECRET: 'link secret',
  SMTP_URL: 'smtp',
  DATABASE_URL: 'store',
  DATABASE_POOL_MAX: 'store',
};

export async function runChecks(
  env: NodeJS.ProcessEnv,
): Promise<{ checks: CheckResult[]; configuration: EffectiveConfiguration }> {
  const context: Context = inspectEnvironment(env);
  const checks: CheckResult[] = [];
  checks.push(await check('settings', () => checkSettings(context)));
  checks.push(...(await checkTemporal(context)));
  checks.push(await check('store', () => checkStore(context)));
  checks.push(await check('smtp', () => checkSmtp(context)));
  checks.push(await check('catalog', () => checkCatalog(context)));
  checks.push(await check('link secret', () => checkLinkSecret(context)));
  return { checks, configuration: effectiveConfiguration(env, context.environment, context.problems) };
}

/** The refusal of a variable that has its own check, as that check's outcome. */
function problemWith(context: Context, variable: VariableName): ConfigProblem | undefined {
  return context.problems.find((p) => p.variable === variable);
}

type Outcome = Omit<CheckResult, 'name'>;

async function check(name: string, run: () => Promise<Outcome>): Promise<CheckResult> {
  try {
    return { name, ...(await withTimeout(run())) };
  } catch (error) {
    return { name, ok: false, detail: (error as Error).message };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function checkSettings({ problems, environment }: Context): Promise<Outcome> {
  const own = problems.filter((p) => !checkedOnTheirOwn[p.variable as VariableName]);
  if (own.length > 0) {
    const names = own.map((p) => p.variable).join(', ');
    return {
      ok: false,
      detail: own.map((p) => `${p.variable} ${p.message}`).join('; '),
      fix: `correct ${names} (README "Configuration"), or unset ${own.length === 1 ? 'it' : 'them'} for the default; every Plangate process refuses to start until then`,
    };
  }
  const policy = describeRequestPolicy(requestPolicy(environment));
  return { ok: true, detail: `environment variables valid; request policy: ${policy}` };
}

/** Reachability, search attributes and a polling worker: one connection, three answers. */
async function checkTemporal({ usable: env, environment }: Context): Promise<CheckResult[]> {
  let where: string;
  try {
    const config = loadTemporalConnectionConfig(env);
    where = `${config.connectionOptions.address}, namespace ${config.namespace}, profile ${config.profile}`;
  } catch (error) {
    return [
      {
        name: 'temporal',
        ok: false,
        detail: (error as Error).message,
        fix: 'check TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE and the temporal.toml profile',
      },
    ];
  }
  let client: PlangateClient;
  try {
    client = await withTimeout(PlangateClient.connect(env));
    await client.temporal.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
      client.temporal.workflowService.getSystemInfo({}),
    );
  } catch (error) {
    return [
      {
        name: 'temporal',
        ok: false,
        detail: `cannot reach Temporal (${where}): ${(error as Error).message}`,
        fix: 'start it (`npm start` runs a dev server) or set TEMPORAL_ADDRESS / TEMPORAL_PROFILE; Temporal Cloud also needs TEMPORAL_API_KEY or TEMPORAL_TLS_*',
      },
    ];
  }
  try {
    const namespace = client.temporal.options.namespace;
    return [
      { name: 'temporal', ok: true, detail: `reachable at ${where}` },
      await check('search attributes', async () => {
        const { customAttributes } = await client.temporal.connection.withDeadline(
          Date.now() + TIMEOUT_MS,
          () => client.temporal.connection.operatorService.listSearchAttributes({ namespace }),
        );
        const missing = searchAttributeKeys.filter((key) => !(key.name in customAttributes));
        if (missing.length === 0) {
          return { ok: true, detail: searchAttributeKeys.map((k) => k.name).join(', ') + ' registered' };
        }
        return {
          ok: false,
          detail: `not registered in namespace ${namespace}: ${missing.map((k) => k.name).join(', ')}`,
          fix: `register them (Temporal Cloud: namespace settings or tcld): ${missing
            .map(
              (k) =>
                `temporal operator search-attribute create --namespace ${namespace} --name ${k.name} --type ${cliType(k.type)}`,
            )
            .join(' && ')}`,
        };
      }),
      await check('worker', async () => {
        const queue = environment.PLANGATE_TASK_QUEUE;
        const answer = await client.temporal.connection.withDeadline(Date.now() + TIMEOUT_MS, () =>
          client.temporal.workflowService.describeTaskQueue({
            namespace,
            // No taskQueueType: the default is the workflow task queue, which every worker polls.
            taskQueue: { name: queue },
          }),
        );
        const pollers = answer.pollers?.length ?? 0;
        if (pollers > 0) return { ok: true, detail: `${pollers} worker(s) polling task queue ${queue}` };
        return {
          ok: false,
          detail: `no worker has polled task queue ${queue} recently: requests would wait`,
          fix: 'start `plangate worker` with the same PLANGATE_TASK_QUEUE and Temporal settings',
        };
      }),
    ];
  } finally {
    await client.close().catch(() => undefined);
  }
}

function cliType(type: string): string {
  return type === 'KEYWORD_LIST' ? 'KeywordList' : type.charAt(0) + type.slice(1).toLowerCase();
}

async function checkStore(context: Context): Promise<Outcome> {
  const { environment, usable: env } = context;
  const bad = problemWith(context, 'DATABASE_URL') ?? problemWith(context, 'DATABASE_POOL_MAX');
  if (bad) {
    return {
      ok: false,
      detail: `${bad.variable} ${bad.message}`,
      fix: 'set DATABASE_URL to postgres://user:password@host:5432/database (or unset it for PGlite) and DATABASE_POOL_MAX to a whole number from 1 to 1000',
    };
  }
  const kind = storeKind(environment);
  const dataDir = environment.PLANGATE_DATA_DIR;
  if (!environment.DATABASE_URL) {
    const holder = devLockHolder(dataDir);
    // PGlite allows one process: the running stack has it open, which is as healthy as it gets.
    if (holder !== undefined)
      return { ok: true, detail: `${kind}, open in the running dev stack (pid ${holder})` };
    if (!existsSync(join(dataDir, 'pglite'))) {
      return { ok: true, detail: `${kind}: not created yet; the first start creates it` };
    }
  }
  try {
    await withStore(env, (store) => store.ping());
  } catch (error) {
    return {
      ok: false,
      detail: `${kind}: ${(error as Error).message}`,
      fix: environment.DATABASE_URL
        ? 'check DATABASE_URL and that PostgreSQL accepts connections; run `plangate migrate` once'
        : 'check that PLANGATE_DATA_DIR is writable',
    };
  }
  return { ok: true, detail: `${kind} answers` };
}

async function checkSmtp(context: Context): Promise<Outcome> {
  const bad = problemWith(context, 'SMTP_URL');
  if (bad) {
    return {
      ok: false,
      detail: `SMTP_URL ${bad.message}`,
      fix: 'use smtp://host:port or smtps://user:pass@host:465',
    };
  }
  const smtpUrl = context.environment.SMTP_URL;
  // Never print credentials that may sit in the URL.
  const url = new URL(smtpUrl);
  const shown = `${url.protocol}//${url.host}`;
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 5_000,
  });
  try {
    await transport.verify();
    return { ok: true, detail: `${shown} accepts connections` };
  } catch (error) {
    return {
      ok: false,
      detail: `${shown}: ${(error as Error).message}`,
      fix: context.usable.SMTP_URL?.trim()
        ? 'check SMTP_URL (host, port, credentials) and that the relay is reachable from here'
        : 'start the dev stack (`npm start` runs the SMTP sink on SMTP_PORT) or set SMTP_URL to your relay',
    };
  } finally {
    transport.close();
  }
}

async function checkCatalog({ environment }: Context): Promise<Outcome> {
  const file = environment.PLANGATE_CATALOG_FILE;
  try {
    const catalog = await loadCatalog(file);
    const products = Object.keys(catalog.products).length;
    return { ok: true, detail: `${file ?? 'default catalog'}: ${products} products valid` };
  } catch (error) {
    return {
      ok: false,
      detail: (error as Error).message,
      fix: 'fix the file named in PLANGATE_CATALOG_FILE, or unset it to use the default catalog',
    };
  }
}

async function checkLinkSecret(context: Context): Promise<Outcome> {
  const fix = 'set PLANGATE_LINK_SECRET to `openssl rand -hex 32`, the same on every worker and web server';
  const bad = problemWith(context, 'PLANGATE_LINK_SECRET');
  if (bad) return { ok: false, detail: `${bad.variable} ${bad.message}`, fix };
  if (context.environment.PLANGATE_LINK_SECRET) {
    return { ok: true, detail: `${LINK_SECRET_ENV} is set and long enough` };
  }
  const dataDir = context.environment.PLANGATE_DATA_DIR;
  const file = join(dataDir, LINK_SECRET_FILE);
  if (!existsSync(file)) {
    return {
      ok: true,
      detail: `${LINK_SECRET_ENV} not set: ${file} is created on first start (fine on one machine; ${fix} otherwise)`,
    };
  }
  try {
    await loadLinkSecret({ dataDir });
    return { ok: true, detail: `kept in ${file}` };
  } catch (error) {
    return { ok: false, detail: (error as Error).message, fix: `delete ${file} or ${fix}` };
  }
}
