// Bearer-token authentication of the JSON API. Both sides are hashed before the constant-time
// compare so the comparison takes the same time whatever the length of the guess.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PlangateError } from '../plangate-error.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** True when the Authorization header is exactly `Bearer <expected>` (scheme case-insensitive). */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  // Always compare, even without a token, so a missing header costs the same as a wrong one.
  const same = timingSafeEqual(digest(given), digest(expected));
  return same && given.length > 0;
}

/** An onRequest hook: runs before the body is read, so unauthenticated callers cost little. */
export function requireApiToken(apiToken: string) {
  if (apiToken.length === 0) throw new Error('The API token must not be empty');
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (bearerMatches(request.headers.authorization, apiToken)) return;
    void reply.header('WWW-Authenticate', 'Bearer realm="plangate"');
    throw new PlangateError(
      'UNAUTHORIZED',
      'Missing or wrong API token: send Authorization: Bearer <PLANGATE_API_TOKEN>',
    );
  };
}
