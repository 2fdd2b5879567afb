import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { BillingDatabase } from './schema.js';
import { StoreUnavailableError } from './types.js';
import { KyselyBillingStore, type FaultInjector } from './kysely-billing-store.js';

export interface BillingStoreConfig {
  /** PostgreSQL; when absent the embedded PGlite under `dataDir` is used. */
  databaseUrl?: string;
  /** PLANGATE_DATA_DIR; PGlite keeps its files in `<dataDir>/pglite`. */
  dataDir?: string;
  /** Connections in the PostgreSQL pool (DATABASE_POOL_MAX, default 10). */
  poolMax?: number;
  /** Tests only: runs inside the apply transaction between its statements. */
  faultInjector?: FaultInjector;
}

/** Opens the store, checks the connection and runs pending migrations. */
export async function openBillingStore(config: BillingStoreConfig): Promise<KyselyBillingStore> {
  const store = new KyselyBillingStore(config.databaseUrl ? postgres(config) : pglite(config), {
    ...(config.faultInjector ? { faultInjector: config.faultInjector } : {}),
    serializeTransactions: !config.databaseUrl,
  });
  try {
    await store.ping();
  } catch (error) {
    await store.close().catch(() => undefined);
    if (!config.databaseUrl) throw error;
    throw new StoreUnavailableError(
      `Cannot reach PostgreSQL at DATABASE_URL=${redact(config.databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  await store.migrate();
  return store;
}

function postgres(config: BillingStoreConfig): Kysely<BillingDatabase> {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A connection that dies while idle (database restarted, network cut) must not crash the process;
  // the pool drops it and the next query opens a fresh one.
  pool.on('error', () => undefined);
  // One that dies while a query is on it fails that query (its caller sees the error), and the
  // client also emits 'error', which pg leaves unhandled while the client is checked out: without
  // this listener a connection reset mid-query would crash the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<BillingDatabase>({ dialect: new PostgresDialect({ pool }) });
}

function pglite(config: BillingStoreConfig): Kysely<BillingDatabase> {
  const dir = join(resolve(config.dataDir ?? './var'), 'pglite');
  mkdirSync(dir, { recursive: true });
  return new Kysely<BillingDatabase>({ dialect: new PGliteDialect({ pglite: () => PGlite.create(dir) }) });
}

/** The URL without its password, for error messages and logs. */
export function redact(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}
