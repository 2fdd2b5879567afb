import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The one CLI version we build: newer tags carry a `replace` directive and cannot be `go install`ed. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

export type TemporalCliSource = 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'go install';

export type ResolvedTemporalCli =
  | { kind: 'binary'; path: string; source: TemporalCliSource }
  /** Nothing local works; let the SDK download its own dev server (needs internet). */
  | { kind: 'sdk-download' };

export class TemporalCliNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `No Temporal CLI found (${detail}).\n` +
        `Fix it with:  GOBIN=${cacheBinDir()} go install ${TEMPORAL_CLI_MODULE}\n` +
        `or set TEMPORAL_CLI_PATH to an existing 'temporal' binary.`,
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

/** Builds and downloads live outside the clone so that fresh clones on a warm machine reuse them. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.PLANGATE_CACHE_DIR || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'plangate');
}

export function cacheBinDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheDir(env), 'bin');
}

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Build with `go install` when no binary exists (minutes, once per machine). Default true. */
  allowGoInstall?: boolean;
  /** As the very last resort, hand over to the SDK's own download. Default false. */
  allowSdkDownload?: boolean;
  log?: (line: string) => void;
}

/**
 * Finds the Temporal CLI in the order of docs/operations.md ("The Temporal CLI"): TEMPORAL_CLI_PATH,
 * `temporal` on PATH, the cached build, a fresh `go install`, and only then the SDK's download.
 */
export function resolveTemporalCli(options: ResolveOptions = {}): ResolvedTemporalCli {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));

  const explicit = env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    }
    return { kind: 'binary', path: explicit, source: 'TEMPORAL_CLI_PATH' };
  }

  const onPath = findOnPath('temporal', env.PATH ?? '');
  if (onPath) return { kind: 'binary', path: onPath, source: 'PATH' };

  const cached = join(cacheBinDir(env), 'temporal');
  if (isExecutable(cached)) return { kind: 'binary', path: cached, source: 'cache' };

  const goInstallProblem =
    options.allowGoInstall === false ? 'go install not allowed here' : goInstall(env, log);
  if (goInstallProblem === undefined && isExecutable(cached)) {
    return { kind: 'binary', path: cached, source: 'go install' };
  }

  if (options.allowSdkDownload) {
    log(
      `Temporal CLI: ${goInstallProblem ?? 'go install produced no binary'}; falling back to the SDK download.`,
    );
    return { kind: 'sdk-download' };
  }
  throw new TemporalCliNotFoundError(
    `not in TEMPORAL_CLI_PATH, not on PATH, not in ${cacheBinDir(env)}; ${goInstallProblem ?? 'go install produced no binary'}`,
  );
}

/** Returns undefined on success, or why it could not build. */
function goInstall(env: NodeJS.ProcessEnv, log: (line: string) => void): string | undefined {
  const go = findGo(env);
  if (!go) return '`go` is not installed';
  const bin = cacheBinDir(env);
  mkdirSync(bin, { recursive: true });
  log(`Temporal CLI: building ${TEMPORAL_CLI_MODULE} into ${bin} (first time only, a few minutes)...`);
  const result = spawnSync(go, ['install', TEMPORAL_CLI_MODULE], {
    env: { ...env, GOBIN: bin, CGO_ENABLED: env.CGO_ENABLED ?? '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) return `go install failed: ${result.error.message}`;
  if (result.status !== 0) return `go install exited with status ${result.status}`;
  return undefined;
}

/** `go` on PATH, or where the official tarball installs it. */
export function findGo(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (
    findOnPath('go', env.PATH ?? '') ??
    (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined)
  );
}

export function findOnPath(name: string, pathVar: string): string | undefined {
  for (const dir of pathVar.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
