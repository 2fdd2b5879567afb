// Signed approval links (DESIGN.md section 7). A token is `<payload>.<signature>`, both base64url,
// so it fits one URL path segment without escaping. The payload is a versioned JSON array rather
// than an object to keep links short; the signature is HMAC-SHA256 over a domain-separated input so
// the same secret can never be tricked into vouching for something that is not an approval link.
// Single use is not the token's job: the workflow records used nonces.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApprovalTokenClaims } from './types.js';

const VERSION = 1;
const SIGNING_CONTEXT = 'plangate:approval-link:v1:';
const SIGNATURE_BYTES = 32;
/** Generous for real claims (~300 chars), small enough that garbage input costs nothing to reject. */
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const MIN_SECRET_BYTES = 32;

function assertSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`The link secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}

function sign(payload: string, secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(SIGNING_CONTEXT).update(payload).digest();
}

function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

function isRound(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function validClaims(claims: ApprovalTokenClaims): boolean {
  return (
    isNonEmptyString(claims.requestId) &&
    isNonEmptyString(claims.accountId) &&
    isNonEmptyString(claims.approverId) &&
    isNonEmptyString(claims.nonce) &&
    isRound(claims.round) &&
    isIsoInstant(claims.expiresAt)
  );
}

/** Signs the claims. Throws on invalid claims or a short secret: those are programming errors. */
export function signApprovalToken(claims: ApprovalTokenClaims, secret: Uint8Array): string {
  assertSecret(secret);
  if (!validClaims(claims)) throw new TypeError('Invalid approval token claims');
  const body = [
    VERSION,
    claims.requestId,
    claims.accountId,
    claims.approverId,
    claims.round,
    claims.nonce,
    claims.expiresAt,
  ];
  const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${payload}.${sign(payload, secret).toString('base64url')}`;
}

/**
 * The claims of a genuine, unexpired token, or null for anything else (tampered, malformed,
 * expired, signed with another secret). Never throws on bad token input: it comes from the URL.
 */
export function verifyApprovalToken(
  token: string,
  secret: Uint8Array,
  now: Date,
): ApprovalTokenClaims | null {
  assertSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 2) return null;
  const [payload, signature] = parts as [string, string];
  if (!BASE64URL.test(payload) || !BASE64URL.test(signature)) return null;

  const given = Buffer.from(signature, 'base64url');
  // Base64 has several spellings of the same bytes (the unused low bits of the last character);
  // only the canonical one is accepted so that every changed character invalidates the token.
  if (given.length !== SIGNATURE_BYTES || given.toString('base64url') !== signature) return null;
  if (!timingSafeEqual(given, sign(payload, secret))) return null;

  // Past this point the payload is ours, but stay defensive: an old version or a bug must not throw.
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(body) || body.length !== 7 || body[0] !== VERSION) return null;
  const [, requestId, accountId, approverId, round, nonce, expiresAt] = body as unknown[];
  if (
    !isNonEmptyString(requestId) ||
    !isNonEmptyString(accountId) ||
    !isNonEmptyString(approverId) ||
    !isRound(round) ||
    !isNonEmptyString(nonce) ||
    !isIsoInstant(expiresAt)
  ) {
    return null;
  }
  if (now.getTime() >= Date.parse(expiresAt)) return null;
  return { requestId, accountId, approverId, round, nonce, expiresAt };
}

/** A fresh random 128-bit nonce, base64url (22 characters). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** A short, stable fingerprint of a token for logs: tokens themselves are never logged. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
