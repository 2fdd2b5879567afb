// The ids a caller names: accounts, users and requests. The rule is checked before anything reaches
// Temporal, so a bad id is a 400 naming the field, and every id that reaches a visibility query is
// one of these (no quote or operator can slip in).
import { randomUUID } from 'node:crypto';
import { PlangateError } from './plangate-error.js';

export const WORKFLOW_TYPE = 'subscriptionChangeRequest';
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const ID_MESSAGE = 'must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit';

/** One workflow id per account: Temporal's id conflict policy then allows one open request per account. */
export function workflowIdFor(accountId: string): string {
  return `change-request-${accountId}`;
}

export function newRequestId(): string {
  return `req_${randomUUID().replaceAll('-', '')}`;
}

export function isValidId(value: unknown): value is string {
  return typeof value === 'string' && ID_PATTERN.test(value);
}

/** The id, or a 400 naming the field. */
export function checkId(field: string, value: unknown): string {
  if (!isValidId(value)) {
    throw new PlangateError('INVALID_INPUT', `${field}: ${ID_MESSAGE}`, {
      problems: [{ field, message: ID_MESSAGE }],
    });
  }
  return value;
}
