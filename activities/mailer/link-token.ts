// Signed links in emails (docs/security.md). A token is `<payload>.<signature>`, both base64url, so
// it fits one URL path segment without escaping. The payload is a versioned JSON array rather than
// an object to keep links short. Every token says its purpose and its subject (the member it is
// for), and the signature is HMAC-SHA256 over a context naming the purpose: a status link can never
// be taken for an approval link, nor the other way round, even by a bug in the caller. A portal
// session (purpose `portal`) is signed the same way under its own context: it opens the requester
// portal of one member and is never an approval or status link, nor they a portal session.
// Single use is not the token's job: the workflow records used nonces.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { LinkClaims, LinkPurpose, PortalClaims } from './types.js';

const VERSION = 2;
const SIGNATURE_BYTES = 32;
/** Generous for real claims (~300 chars), small enough that garbage input costs nothing to reject. */
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const MIN_SECRET_BYTES = 32;

/**
 * Version 1 tokens (approval links, and status links as "round 0 for the requester") are still in
 * inboxes: status links live 90 days. They are read as what they were; remove after 2027-03-01.
 */
const V1_CONTEXT = 'plangate:approval-link:v1:';

function contextFor(purpose: LinkPurpose): string {
  return `plangate:link:v${VERSION}:${purpose}:`;
}

function assertSecret(secret: Uint8Array): void {
  if (!(secret instanceof Uint8Array) || secret.byteLength < MIN_SECRET_BYTES) {
    throw new TypeError(`The link secret must be at least ${MIN_SECRET_BYTES} bytes`);
  }
}

function sign(context: string, payload: string, secret: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(context).update(payload).digest();
}

function isIsoInstant(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 200;
}

function isRound(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isStage(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** The longest `returnUrl` a portal session carries: the token must stay under MAX_TOKEN_LENGTH. */
export const MAX_RETURN_URL_LENGTH = 1000;

function isLocale(value: unknown): value is 'de' | 'en' {
  return value === 'de' || value === 'en';
}

function isReturnUrl(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_RETURN_URL_LENGTH && /^https?:\/\//i.test(value);
}

function validPortal(claims: PortalClaims): boolean {
  return (
    (claims.locale === undefined || isLocale(claims.locale)) &&
    (claims.returnUrl === undefined || isReturnUrl(claims.returnUrl))
  );
}

function validApproval(claims: LinkClaims): boolean {
  return (
    claims.purpose === 'approve' &&
    isRound(claims.round) &&
    isStage(claims.stage) &&
    (claims.onBehalfOf === undefined || isNonEmptyString(claims.onBehalfOf))
  );
}

function validClaims(claims: LinkClaims): boolean {
  if (claims.purpose === 'portal') {
    return (
      validPortal(claims) &&
      isNonEmptyString(claims.accountId) &&
      isNonEmptyString(claims.subject) &&
      isNonEmptyString(claims.nonce) &&
      isIsoInstant(claims.expiresAt)
    );
  }
  return (
    (claims.purpose === 'status' || validApproval(claims)) &&
    isNonEmptyString(claims.requestId) &&
    isNonEmptyString(claims.accountId) &&
    isNonEmptyString(claims.subject) &&
    isNonEmptyString(claims.nonce) &&
    isIsoInstant(claims.expiresAt)
  );
}

/** Signs the claims. Throws on invalid claims or a short secret: those are programming errors. */
export function signLinkToken(claims: LinkClaims, secret: Uint8Array): string {
  assertSecret(secret);
  if (!validClaims(claims)) throw new TypeError('Invalid link token claims');
  const body: unknown[] =
    claims.purpose === 'portal'
      ? portalBody(claims)
      : [
          VERSION,
          claims.purpose,
          claims.requestId,
          claims.accountId,
          claims.subject,
          claims.nonce,
          claims.expiresAt,
        ];
  if (claims.purpose === 'approve') {
    body.push(claims.round, claims.stage);
    if (claims.onBehalfOf !== undefined) body.push(claims.onBehalfOf);
  }
  const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
  return `${payload}.${sign(contextFor(claims.purpose), payload, secret).toString('base64url')}`;
}

function portalBody(claims: PortalClaims): unknown[] {
  const { accountId, subject, nonce, expiresAt } = claims;
  return [
    VERSION,
    'portal',
    accountId,
    subject,
    nonce,
    expiresAt,
    claims.locale ?? null,
    claims.returnUrl ?? null,
  ];
}

/**
 * The claims of a genuine, unexpired token of this purpose, or null for anything else (tampered,
 * malformed, expired, signed with another secret, made for another purpose). Never throws on bad
 * token input: it comes from the URL.
 */
export function verifyLinkToken(
  token: string,
  secret: Uint8Array,
  now: Date,
  purpose: LinkPurpose,
): LinkClaims | null {
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
  const claims = timingSafeEqual(given, sign(contextFor(purpose), payload, secret))
    ? claimsOf(payload)
    : timingSafeEqual(given, sign(V1_CONTEXT, payload, secret))
      ? v1ClaimsOf(payload)
      : null;
  if (!claims || claims.purpose !== purpose) return null;
  if (now.getTime() >= Date.parse(claims.expiresAt)) return null;
  return claims;
}

/** Past the signature the payload is ours, but stay defensive: an old version or a bug must not throw. */
function bodyOf(payload: string): unknown[] | null {
  try {
    const body: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return Array.isArray(body) ? body : null;
  } catch {
    return null;
  }
}

function claimsOf(payload: string): LinkClaims | null {
  const body = bodyOf(payload);
  if (!body || body[0] !== VERSION) return null;
  if (body[1] === 'portal') return portalClaimsOf(body);
  const [, purpose, requestId, accountId, subject, nonce, expiresAt, round, stage, onBehalfOf] = body;
  const base =
    isNonEmptyString(requestId) &&
    isNonEmptyString(accountId) &&
    isNonEmptyString(subject) &&
    isNonEmptyString(nonce) &&
    isIsoInstant(expiresAt)
      ? { requestId, accountId, subject, nonce, expiresAt }
      : null;
  if (!base) return null;
  if (purpose === 'approve' && isRound(round) && isStage(stage)) {
    if (body.length === 9) return { purpose, ...base, round, stage };
    if (body.length === 10 && isNonEmptyString(onBehalfOf))
      return { purpose, ...base, round, stage, onBehalfOf };
  }
  if (purpose === 'status' && body.length === 7) return { purpose, ...base };
  return null;
}

function portalClaimsOf(body: unknown[]): PortalClaims | null {
  if (body.length !== 8) return null;
  const [, , accountId, subject, nonce, expiresAt, locale, returnUrl] = body;
  if (
    !isNonEmptyString(accountId) ||
    !isNonEmptyString(subject) ||
    !isNonEmptyString(nonce) ||
    !isIsoInstant(expiresAt) ||
    (locale !== null && !isLocale(locale)) ||
    (returnUrl !== null && !isReturnUrl(returnUrl))
  ) {
    return null;
  }
  return {
    purpose: 'portal',
    accountId,
    subject,
    nonce,
    expiresAt,
    ...(locale !== null ? { locale } : {}),
    ...(returnUrl !== null ? { returnUrl } : {}),
  };
}

function v1ClaimsOf(payload: string): LinkClaims | null {
  const body = bodyOf(payload);
  if (!body || body.length !== 7 || body[0] !== 1) return null;
  const [, requestId, accountId, subject, round, nonce, expiresAt] = body;
  if (
    !isNonEmptyString(requestId) ||
    !isNonEmptyString(accountId) ||
    !isNonEmptyString(subject) ||
    !isNonEmptyString(nonce) ||
    !isIsoInstant(expiresAt)
  ) {
    return null;
  }
  const base = { requestId, accountId, subject, nonce, expiresAt };
  if (round === 0) return { purpose: 'status', ...base };
  return isRound(round) ? { purpose: 'approve', ...base, round, stage: 0 } : null;
}

/** A fresh random 128-bit nonce, base64url (22 characters). */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** A short, stable fingerprint of a token for logs: tokens themselves are never logged. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
