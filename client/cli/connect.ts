// How commands reach Temporal and the billing store: each opens what it needs, uses it and closes it,
// so a command never leaves the process hanging on an open connection. The client and store modules
// load on first use (the Temporal client alone takes a second): `--help` and usage errors stay fast.
// Both validate the whole environment first (config/environment.ts): a bad value stops the command
// with one line naming the variable, before anything connects.
import type { PlangateClient } from '../plangate-client.js';
import type { BillingStore } from '../../activities/store/types.js';
import { loadEnvironment } from '../../config/environment.js';
import { requestPolicy, storeSettings } from '../../config/settings.js';
import { CliError, ExitCode } from './exit-codes.js';
import { devLockHolder } from './dev/dev-lock.js';

export async function withClient<T>(
  env: NodeJS.ProcessEnv,
  use: (client: PlangateClient) => Promise<T>,
): Promise<T> {
  const environment = loadEnvironment(env);
  // PlangateClient.connect reports an unreachable server as a PlangateError 503 (exit code 4).
  const { PlangateClient } = await import('../plangate-client.js');
  const client = await PlangateClient.connect(env, { policy: requestPolicy(environment) });
  try {
    return await use(client);
  } finally {
    await client.close().catch(() => undefined);
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
  const { openBillingStore } = await import('../../activities/store/index.js');
  let store: BillingStore;
  try {
    store = await openBillingStore(storeSettings(environment));
  } catch (error) {
    throw new CliError(`cannot open the billing store: ${(error as Error).message}`, ExitCode.Unreachable);
  }
  try {
    return await use(store);
  } finally {
    await store.close().catch(() => undefined);
  }
}
