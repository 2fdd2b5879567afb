// The approval form's CSRF field, stateless: HMAC-SHA256 of the link token under a key derived from
// the link secret (never the secret itself, so the field cannot be mistaken for a link signature).
// A forged cross-site POST carries the token from a stolen URL at best, never this field, because
// only the GET page of that very token shows it.
import { createHmac, timingSafeEqual } from 'node:crypto';

const CONTEXT = 'plangate:approval-form-csrf:v1';

export interface Csrf {
  fieldFor(token: string): string;
  matches(token: string, given: unknown): boolean;
}

export function createCsrf(linkSecret: Uint8Array): Csrf {
  const key = createHmac('sha256', linkSecret).update(CONTEXT).digest();
  const mac = (token: string) => createHmac('sha256', key).update(token, 'utf8').digest();
  return {
    fieldFor: (token) => mac(token).toString('base64url'),
    matches(token, given) {
      if (typeof given !== 'string' || given.length > 100) return false;
      const expected = mac(token);
      const bytes = Buffer.from(given, 'base64url');
      if (bytes.length !== expected.length || bytes.toString('base64url') !== given) return false;
      return timingSafeEqual(bytes, expected);
    },
  };
}
