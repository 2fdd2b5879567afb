// Finds (or builds once) the Temporal server and its SQL tool for the production topology, in the
// CLI's order (temporal-cli.ts): an explicit path, then PATH, then the cache outside the clone, then
// `go install` from the Go module proxy. The PostgreSQL schemas the tool applies come from the same
// module release and are cached beside the binaries.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheBinDir, cacheDir, findGo, findOnPath, isExecutable } from './temporal-cli.js';

/** The server release the CLI embeds (docs/operations.md, "Your own Temporal cluster"): one version. */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
const binaries = {
  server: { name: 'temporal-server', envVar: 'TEMPORAL_SERVER_PATH', goPackage: `${MODULE}/cmd/server` },
  sqlTool: {
    name: 'temporal-sql-tool',
    envVar: 'TEMPORAL_SQL_TOOL_PATH',
    goPackage: `${MODULE}/cmd/tools/sql`,
  },
} as const;

export interface TemporalServerTools {
  server: string;
  sqlTool: string;
  /** Holds `postgresql/v12/temporal/versioned` and `postgresql/v12/visibility/versioned`. */
  schemaDir: string;
}

export class TemporalServerNotFoundError extends Error {
  constructor(detail: string, env: NodeJS.ProcessEnv = process.env) {
    super(
      `No Temporal server found (${detail}).\n` +
        `Fix it with:  npm run temporal:server   (go install ${binaries.server.goPackage}@${TEMPORAL_SERVER_VERSION} ` +
        `and ${binaries.sqlTool.goPackage}@${TEMPORAL_SERVER_VERSION} into ${cacheBinDir(env)}, a few minutes)\n` +
        `or set TEMPORAL_SERVER_PATH, TEMPORAL_SQL_TOOL_PATH and TEMPORAL_SCHEMA_DIR.`,
    );
    this.name = 'TemporalServerNotFoundError';
  }
}

export interface ResolveServerOptions {
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when no binary exists (minutes, once per machine). Default true. */
  allowGoInstall?: boolean;
  log?: (line: string) => void;
}

export function resolveTemporalServer(options: ResolveServerOptions = {}): TemporalServerTools {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  let server = findBinary('server', env);
  let sqlTool = findBinary('sqlTool', env);
  let schemaDir = findSchemaDir(env);
  if (!server || !sqlTool || !schemaDir) {
    const missing = [!server && 'server', !sqlTool && 'SQL tool', !schemaDir && 'schemas'].filter(Boolean);
    if (options.allowGoInstall === false)
      throw new TemporalServerNotFoundError(
        `${missing.join(', ')} missing; go install not allowed here`,
        env,
      );
    const problem = goInstall(env, log);
    if (problem) throw new TemporalServerNotFoundError(`${missing.join(', ')} missing; ${problem}`, env);
    server ??= findBinary('server', env);
    sqlTool ??= findBinary('sqlTool', env);
    schemaDir ??= findSchemaDir(env);
    if (!server || !sqlTool || !schemaDir)
      throw new TemporalServerNotFoundError('go install produced no binaries', env);
  }
  return { server, sqlTool, schemaDir };
}

function findBinary(kind: keyof typeof binaries, env: NodeJS.ProcessEnv): string | undefined {
  const { name, envVar } = binaries[kind];
  const explicit = env[envVar];
  if (explicit) {
    if (!isExecutable(explicit))
      throw new TemporalServerNotFoundError(`${envVar}=${explicit} is not an executable file`, env);
    return explicit;
  }
  const onPath = findOnPath(name, env.PATH ?? '');
  if (onPath) return onPath;
  const cached = join(cacheBinDir(env), name);
  return isExecutable(cached) ? cached : undefined;
}

/** Where the server release's PostgreSQL schemas are kept, beside the cached binaries. */
export function schemaCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), `temporal-server-${TEMPORAL_SERVER_VERSION}`, 'schema');
}

function findSchemaDir(env: NodeJS.ProcessEnv): string | undefined {
  const explicit = env.TEMPORAL_SCHEMA_DIR;
  if (explicit) {
    if (!existsSync(join(explicit, 'postgresql/v12/temporal/versioned')))
      throw new TemporalServerNotFoundError(
        `TEMPORAL_SCHEMA_DIR=${explicit} has no postgresql/v12/temporal/versioned`,
        env,
      );
    return explicit;
  }
  const cached = schemaCacheDir(env);
  if (existsSync(join(cached, 'postgresql/v12/visibility/versioned'))) return cached;
  // The module source is often in the Go module cache already (the CLI's build fetched it).
  const go = findGo(env);
  const source = go ? moduleSchemaDir(go, env) : undefined;
  if (!source) return undefined;
  copySchemas(source, cached);
  return cached;
}

/** `schema/` of the server module in the Go module cache, downloading the module if needed. */
function moduleSchemaDir(go: string, env: NodeJS.ProcessEnv): string | undefined {
  try {
    const modCache = execFileSync(go, ['env', 'GOMODCACHE'], { env, encoding: 'utf8' }).trim();
    const dir = join(modCache, `${MODULE}@${TEMPORAL_SERVER_VERSION}`, 'schema');
    if (existsSync(dir)) return dir;
    const downloaded = JSON.parse(
      execFileSync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], {
        env,
        encoding: 'utf8',
        cwd: cacheDir(env),
      }),
    ) as { Dir?: string };
    return downloaded.Dir && existsSync(join(downloaded.Dir, 'schema'))
      ? join(downloaded.Dir, 'schema')
      : undefined;
  } catch {
    return undefined;
  }
}

/** Copies the PostgreSQL schemas out of the read-only module cache (file by file, writable). */
function copySchemas(from: string, to: string): void {
  const copy = (source: string, target: string) => {
    mkdirSync(target, { recursive: true });
    for (const entry of readdirSync(source, { withFileTypes: true })) {
      if (entry.isDirectory()) copy(join(source, entry.name), join(target, entry.name));
      else writeFileSync(join(target, entry.name), readFileSync(join(source, entry.name)));
    }
  };
  const staging = `${to}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  copy(join(from, 'postgresql'), join(staging, 'postgresql'));
  rmSync(to, { recursive: true, force: true });
  renameSync(staging, to);
}

/** Builds both binaries in one `go install`; returns why it could not, or undefined. */
function goInstall(env: NodeJS.ProcessEnv, log: (line: string) => void): string | undefined {
  const go = findGo(env);
  if (!go) return '`go` is not installed';
  const bin = cacheBinDir(env);
  // `go install` names binaries after their package (server, sql): build aside, then rename.
  const staging = join(cacheDir(env), `build-temporal-server-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  const targets = Object.values(binaries).map((b) => `${b.goPackage}@${TEMPORAL_SERVER_VERSION}`);
  log(`Temporal server: building ${targets.join(' and ')} into ${bin} (first time only, a few minutes)...`);
  try {
    const result = spawnSync(go, ['install', ...targets], {
      env: { ...env, GOBIN: staging, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (result.error) return `go install failed: ${result.error.message}`;
    if (result.status !== 0) return `go install exited with status ${result.status}`;
    mkdirSync(bin, { recursive: true });
    renameSync(join(staging, 'server'), join(bin, binaries.server.name));
    renameSync(join(staging, 'sql'), join(bin, binaries.sqlTool.name));
    return undefined;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
