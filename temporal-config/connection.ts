import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import { readVariable } from '../config/environment.js';

/** The temporal.toml that ships beside this file; TEMPORAL_CONFIG_FILE points elsewhere. */
export const bundledConfigFile = fileURLToPath(
  new URL('../../temporal-config/temporal.toml', import.meta.url),
);
const sourceConfigFile = fileURLToPath(new URL('./temporal.toml', import.meta.url));

export interface TemporalConnectionConfig {
  connectionOptions: ClientConnectConfig['connectionOptions'] & { address: string };
  namespace: string;
  /** Where the settings came from, for the start-up banner and `plangate doctor`. */
  profile: string;
  configFile: string | undefined;
}

/**
 * Resolves how to reach Temporal: a profile of temporal.toml (TEMPORAL_PROFILE, default `default`),
 * overridden field by field by TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH, TEMPORAL_TLS_SERVER_CA_CERT_PATH...
 * Both the CLI and the SDK read the same file and variables, so they always agree: envconfig reads
 * them; config/environment.ts only documents them (and gives the profile its default).
 */
export function loadTemporalConnectionConfig(env: NodeJS.ProcessEnv = process.env): TemporalConnectionConfig {
  const configFile =
    readVariable(env, 'TEMPORAL_CONFIG_FILE') ?? firstExisting([sourceConfigFile, bundledConfigFile]);
  const profile = readVariable(env, 'TEMPORAL_PROFILE');
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const loaded = loadClientConnectConfig({
    profile,
    ...(configFile ? { configSource: { path: configFile } } : {}),
    overrideEnvVars,
  });
  return {
    connectionOptions: {
      ...loaded.connectionOptions,
      address: loaded.connectionOptions.address ?? 'localhost:7233',
    },
    namespace: loaded.namespace ?? 'default',
    profile,
    configFile,
  };
}

function firstExisting(paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}
