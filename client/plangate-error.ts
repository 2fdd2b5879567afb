import type { FieldProblem } from '../workflows/request-errors.js';

/**
 * Every failure the client library reports, with the HTTP status the API uses for it, so the web
 * server and the CLI (exit codes) classify errors the same way.
 */
export class PlangateError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extra: { problems?: FieldProblem[]; openRequestId?: string } = {},
  ) {
    super(message);
    this.name = 'PlangateError';
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

/** HTTP status for each ApplicationFailure type the workflow or activities raise. */
export const statusForErrorType: Record<string, number> = {
  UNKNOWN_ACCOUNT: 404,
  FORBIDDEN_ROLE: 403,
  INVALID_CHANGE: 400,
  NO_APPROVERS: 409,
  REQUEST_NOT_OPEN: 409,
  NOT_AN_APPROVER: 403,
  STALE_LINK: 409,
  INVALID_DECISION: 400,
  PAYMENT_METHOD_REQUIRED: 409,
  UNAVAILABLE: 503,
  DECISION_TOO_LATE: 503,
};
