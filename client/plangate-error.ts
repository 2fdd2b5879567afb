import type { FieldProblem } from '../workflows/request-errors.js';
import { httpStatusOf, type ErrorCode } from './error-codes.js';

/**
 * Every failure the client library reports, with the HTTP status the API uses for it (from its
 * code), so the web server and the CLI (exit codes) classify errors the same way.
 */
export class PlangateError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { problems?: FieldProblem[]; openRequestId?: string; scheduledChangeAt?: string } = {},
  ) {
    super(message);
    this.name = 'PlangateError';
    this.status = httpStatusOf[code];
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}
