// Where the approval-link secret comes from. Production sets PLANGATE_LINK_SECRET (shared by the
// worker, which signs links, and the web server, which verifies them). The dev stack leaves it
// unset and gets a random secret persisted in the data directory, so links survive restarts.
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIN_SECRET_BYTES } from './link-token.js';

export const LINK_SECRET_ENV = 'PLANGATE_LINK_SECRET';
export const LINK_SECRET_FILE = 'link-secret';

export class LinkSecretError extends Error {
  readonly code = 'LINK_SECRET_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'LinkSecretError';
  }
}

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Hex (even length) or base64/base64url; null when it is neither. The length is checked by the caller. */
function decodeSecret(text: string): Buffer | null {
  if (HEX.test(text)) return Buffer.from(text, 'hex');
  // Node's base64 decoder reads both alphabets; the padding is optional.
  if (BASE64.test(text)) return Buffer.from(text.replace(/=+$/, ''), 'base64');
  return null;
}

/**
 * Why `text` cannot be the link secret (a reason to follow the variable's name), or undefined when it
 * can. The configuration schema checks PLANGATE_LINK_SECRET with it when a process starts.
 */
export function linkSecretProblem(text: string): string | undefined {
  const secret = decodeSecret(text.trim());
  if (secret === null) {
    return 'must be 64 hex characters or the base64 of 32 random bytes (e.g. `openssl rand -hex 32`)';
  }
  if (secret.length < MIN_SECRET_BYTES) {
    return `is too short: it decodes to ${secret.length} bytes, at least ${MIN_SECRET_BYTES} are needed (e.g. \`openssl rand -hex 32\`)`;
  }
  return undefined;
}

function fromSetting(raw: string): Uint8Array {
  const problem = linkSecretProblem(raw);
  const secret = decodeSecret(raw.trim());
  if (problem !== undefined || secret === null) throw new LinkSecretError(`${LINK_SECRET_ENV} ${problem}`);
  return new Uint8Array(secret);
}

async function readSecretFile(file: string): Promise<Uint8Array> {
  const secret = decodeSecret((await readFile(file, 'utf8')).trim());
  if (secret === null || secret.length < MIN_SECRET_BYTES) {
    throw new LinkSecretError(`${file} does not hold a valid link secret; delete it to generate a new one`);
  }
  return new Uint8Array(secret);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

/**
 * The configured secret (PLANGATE_LINK_SECRET, read by config/environment.ts), or (when unset) the one
 * in `<dataDir>/link-secret`, created with mode 0600 on first use. Worker and web may start at the
 * same moment, so the file is written under a temporary name and hard-linked into place: exactly one
 * creator wins, and nobody ever reads a half-written file.
 */
export async function loadLinkSecret(options: { secret?: string; dataDir?: string }): Promise<Uint8Array> {
  if (options.secret !== undefined && options.secret.trim() !== '') return fromSetting(options.secret);
  if (options.dataDir === undefined || options.dataDir === '') {
    throw new LinkSecretError(`${LINK_SECRET_ENV} is not set and there is no data directory to keep one in`);
  }

  const file = join(options.dataDir, LINK_SECRET_FILE);
  try {
    return await readSecretFile(file);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }

  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${randomBytes(MIN_SECRET_BYTES).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(temp, file);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return readSecretFile(file);
}
