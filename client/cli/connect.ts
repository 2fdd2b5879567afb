// How commands reach Temporal and the billing store: each opens what it needs, uses it and closes it,
// so a command never leaves the process hanging on an open connection. The client and store modules
// load on first use (the Temporal client alone takes a second): `--help` and usage errors stay fast.
// Both validate the whole environment first (config/environment.ts): a bad value stops the command
// with one line naming the variable, before anything connects.
import type { PlangateClient } from '../plangate-client.js';
import type { BillingStore } from '../../activities/store/types.js';
import { loadEnvironment, type Environment } from '../../config/environment.js';
import { requestPolicy, storeSettings } from '../../config/settings.js';
import { CliError, ExitCode } from './exit-codes.js';
import { devLockHolder } from './dev/dev-lock.js';

/**
 * A client of Temporal. With `reads`, it reads requests from the store's read model when this
 * process can open the store (always with DATABASE_URL; with the embedded PGlite only while no dev
 * stack holds it, else reads ask Temporal, as the running dev stack's worker answers).
 */
export async function withClient<T>(
  env: NodeJS.ProcessEnv,
  use: (client: PlangateClient) => Promise<T>,
  options: { reads?: boolean } = {},
): Promise<T> {
  const environment = loadEnvironment(env);
  // PlangateClient.connect reports an unreachable server as a PlangateError 503 (exit code 4).
  const { PlangateClient } = await import('../plangate-client.js');
  const readStore = options.reads && storeAvailable(environment) ? await openStore(environment) : undefined;
  try {
    const client = await PlangateClient.connect(env, {
      policy: requestPolicy(environment),
      ...(readStore ? { requests: readStore } : {}),
    });
    try {
      return await use(client);
    } finally {
      await client.close().catch(() => undefined);
    }
  } finally {
    await readStore?.close().catch(() => undefined);
  }
}

function storeAvailable(environment: Environment): boolean {
  return !!environment.DATABASE_URL || devLockHolder(environment.PLANGATE_DATA_DIR) === undefined;
}

async function openStore(environment: Environment): Promise<BillingStore> {
  const { openBillingStore } = await import('../../activities/store/index.js');
  try {
    return await openBillingStore(storeSettings(environment));
  } catch (error) {
    throw new CliError(`cannot open the billing store: ${(error as Error).message}`, ExitCode.Unreachable);
  }
}

export async function withStore<T>(
  env: NodeJS.ProcessEnv,
  use: (store: BillingStore) => Promise<T>,
): Promise<T> {
  const environment = loadEnvironment(env);
  if (!environment.DATABASE_URL) {
    const dataDir = environment.PLANGATE_DATA_DIR;
    const holder = devLockHolder(dataDir);
    if (holder !== undefined) {
      throw new CliError(
        `the running dev stack (pid ${holder}) has the embedded store in ${dataDir} open, and PGlite allows one process only; ` +
          'stop it with Ctrl-C first, or set DATABASE_URL to a PostgreSQL database',
        ExitCode.Failed,
      );
    }
  }
  const store = await openStore(environment);
  try {
    return await use(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}
