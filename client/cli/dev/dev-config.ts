// What `plangate dev` reads from the environment (docs/operations.md, "Topology"): the settings of
// config/settings.ts (devSettings), and the environment it hands its children.
import { ConfigError, loadEnvironment, type Environment } from '../../../config/environment.js';
import type { DevSettings } from '../../../config/settings.js';
import { CliError, ExitCode } from '../exit-codes.js';

/** The validated environment; for `plangate dev` a bad value is a usage error (exit 2), as it always was. */
export function devEnvironment(env: NodeJS.ProcessEnv): Environment {
  try {
    return loadEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message, ExitCode.Usage);
    throw error;
  }
}

/** Each port with the variable that sets it, for "Port 3000 (PORT) is in use". */
export interface NamedPort {
  port: number;
  variable: 'PORT' | 'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' | 'SMTP_PORT';
}

export function namedPorts(config: DevSettings): NamedPort[] {
  return [
    { port: config.port, variable: 'PORT' },
    { port: config.temporalPort, variable: 'TEMPORAL_PORT' },
    { port: config.temporalUiPort, variable: 'TEMPORAL_UI_PORT' },
    { port: config.smtpPort, variable: 'SMTP_PORT' },
  ];
}

/**
 * The environment of the dev services: everything points at the processes `plangate dev` started,
 * whatever the shell had for production (a Temporal Cloud key must not go to the local dev server,
 * and mail goes to the sink, never to a real relay).
 */
export function devServicesEnv(env: NodeJS.ProcessEnv, config: DevSettings): NodeJS.ProcessEnv {
  const child: NodeJS.ProcessEnv = { ...env };
  for (const name of Object.keys(child)) {
    if (name.startsWith('TEMPORAL_TLS') || name === 'TEMPORAL_API_KEY' || name === 'TEMPORAL_PROFILE') {
      delete child[name];
    }
  }
  delete child.TEMPORAL_CONFIG_FILE;
  return {
    ...child,
    PORT: String(config.port),
    TEMPORAL_PORT: String(config.temporalPort),
    TEMPORAL_UI_PORT: String(config.temporalUiPort),
    SMTP_PORT: String(config.smtpPort),
    SMTP_URL: `smtp://127.0.0.1:${config.smtpPort}`,
    TEMPORAL_ADDRESS: `127.0.0.1:${config.temporalPort}`,
    TEMPORAL_NAMESPACE: 'default',
    PLANGATE_DATA_DIR: config.dataDir,
    PLANGATE_API_TOKEN: config.apiToken,
    PLANGATE_PUBLIC_URL: config.publicUrl,
    // A development deployment (docs/events.md, "Endpoints"): loopback webhook endpoints are allowed.
    PLANGATE_DEV: '1',
    LOG_LEVEL: config.logLevel,
  };
}
