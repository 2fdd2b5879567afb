// PGlite is single-process: while `plangate dev` holds the embedded store, another process (a CLI
// command such as `plangate quote`, or a second `plangate dev`) must not open the same data
// directory. The dev services write their pid here; the others refuse while that process lives.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const LOCK_FILE = 'dev-stack.pid';

export function devLockFile(dataDir: string): string {
  return join(resolve(dataDir), LOCK_FILE);
}

export function writeDevLock(dataDir: string): void {
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(devLockFile(dataDir), `${process.pid}\n`, { mode: 0o600 });
}

export function removeDevLock(dataDir: string): void {
  try {
    if (readFileSync(devLockFile(dataDir), 'utf8').trim() === String(process.pid))
      rmSync(devLockFile(dataDir));
  } catch {
    // Already gone: nothing to release.
  }
}

/** The pid of a live dev stack holding the store in this data directory, if any (stale files are ignored). */
export function devLockHolder(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(devLockFile(dataDir), 'utf8').trim());
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
