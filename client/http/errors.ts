// Every error the API can answer with, as JSON `{ error: { code, message, ... } }`. Bad input is
// always a 4xx; anything we did not foresee is a 503 without internals: a 500 would tell a host app
// "our bug", and a stack trace would tell an attacker more than it should.
import { PlangateError } from '../plangate-error.js';
import type { FieldProblem } from '../../workflows/request-errors.js';

export interface ErrorReply {
  status: number;
  body: { error: { code: string; message: string; [extra: string]: unknown }; [extra: string]: unknown };
}

export function invalidInput(problems: FieldProblem[], message?: string): PlangateError {
  const first = problems[0];
  return new PlangateError(
    'INVALID_INPUT',
    message ?? (first ? `${first.field || 'body'}: ${first.message}` : 'Invalid request'),
    { problems },
  );
}

/** Fastify's own 4xx errors (bad JSON, wrong content type, body too large, rate limit). */
function clientErrorOf(error: unknown): { status: number; code: string; message: string } | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const { statusCode, code, message } = error as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  const text = typeof message === 'string' && message ? message : 'Bad request';
  return {
    status: statusCode,
    code: friendlyCode(statusCode, typeof code === 'string' ? code : undefined),
    // Fastify prefixes messages with its code; parse errors may quote a slice of the body, which is fine.
    message: text.slice(0, 500),
  };
}

function friendlyCode(status: number, code: string | undefined): string {
  switch (status) {
    case 413:
      return 'BODY_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_MEDIA_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 404:
      return 'NOT_FOUND';
    default:
      if (code === 'FST_ERR_CTP_INVALID_JSON_BODY' || code === 'FST_ERR_CTP_EMPTY_JSON_BODY')
        return 'MALFORMED_JSON';
      return code && /^[A-Z_]+$/.test(code) && !code.startsWith('FST_') ? code : 'BAD_REQUEST';
  }
}

export function errorReply(error: unknown): ErrorReply {
  if (error instanceof PlangateError) {
    const body: ErrorReply['body'] = error.toJSON();
    // 409 "one already open": name the open request at the top level too (docs/http-api.md, "Errors").
    if (error.code === 'REQUEST_ALREADY_OPEN' && error.extra.openRequestId) {
      body.requestId = error.extra.openRequestId;
      body.openRequestId = error.extra.openRequestId;
    }
    const status = error.status >= 400 && error.status < 600 && error.status !== 500 ? error.status : 503;
    return { status, body };
  }
  const client = clientErrorOf(error);
  if (client) {
    return { status: client.status, body: { error: { code: client.code, message: client.message } } };
  }
  return {
    status: 503,
    body: {
      error: {
        code: 'UNAVAILABLE',
        message: 'The service could not complete this request right now; please try again',
      },
    },
  };
}
