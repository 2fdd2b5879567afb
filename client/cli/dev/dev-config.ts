// What `plangate dev` reads from the environment (DESIGN.md section 5), with the embedded defaults.
import { resolve } from 'node:path';
import { CliError, ExitCode } from '../exit-codes.js';

export interface DevConfig {
  port: number;
  temporalPort: number;
  temporalUiPort: number;
  smtpPort: number;
  dataDir: string;
  apiToken: string;
  publicUrl: string;
}

/** Each port with the variable that sets it, for "Port 3000 (PORT) is in use". */
export interface NamedPort {
  port: number;
  variable: 'PORT' | 'TEMPORAL_PORT' | 'TEMPORAL_UI_PORT' | 'SMTP_PORT';
}

export function devConfigFromEnv(env: NodeJS.ProcessEnv): DevConfig {
  const port = portFrom(env, 'PORT', 3000);
  return {
    port,
    temporalPort: portFrom(env, 'TEMPORAL_PORT', 7233),
    temporalUiPort: portFrom(env, 'TEMPORAL_UI_PORT', 8233),
    smtpPort: portFrom(env, 'SMTP_PORT', 2525),
    dataDir: resolve(env.PLANGATE_DATA_DIR || './var'),
    apiToken: env.PLANGATE_API_TOKEN || 'dev-token',
    publicUrl: (env.PLANGATE_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, ''),
  };
}

export function namedPorts(config: DevConfig): NamedPort[] {
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
export function devServicesEnv(env: NodeJS.ProcessEnv, config: DevConfig): NodeJS.ProcessEnv {
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
    // A development deployment (DESIGN.md section 5): loopback webhook endpoints are allowed.
    PLANGATE_DEV: '1',
    // Warnings and errors only, so that the banner stays readable; LOG_LEVEL=info shows every request.
    LOG_LEVEL: env.LOG_LEVEL || 'warn',
  };
}

function portFrom(env: NodeJS.ProcessEnv, name: NamedPort['variable'], fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new CliError(`${name} must be a port number (1-65535), got "${raw}"`, ExitCode.Usage);
  }
  return port;
}
