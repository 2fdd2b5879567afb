// What a Temporal client call's failure means to a Plangate caller. Refusals from the workflow keep
// their type; "no worker answered in time" is recognised with the SDK's own
// error classes and gRPC helpers, never by matching messages.
import {
  isGrpcCancelledError,
  isGrpcDeadlineError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { problemsOf } from '../workflows/request-errors.js';
import { isErrorCode } from './error-codes.js';
import { PlangateError } from './plangate-error.js';

/**
 * The call ran out of time: gRPC DEADLINE_EXCEEDED, or CANCELLED when the deadline cut a long-poll
 * (the SDK's helpers look through the error's causes).
 */
export function isDeadlineExceeded(error: unknown): boolean {
  return (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    isGrpcDeadlineError(error) ||
    isGrpcCancelledError(error)
  );
}

/** Maps Temporal errors to PlangateErrors; unknown ones become a 503 without internals. */
export function toPlangateError(error: unknown): PlangateError {
  if (error instanceof PlangateError) return error;
  const failure =
    error instanceof ApplicationFailure
      ? error
      : error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure
        ? error.cause
        : undefined;
  if (failure?.type && isErrorCode(failure.type)) {
    const problems = problemsOf(failure);
    return new PlangateError(failure.type, failure.message, problems ? { problems } : {});
  }
  if (isDeadlineExceeded(error)) {
    return new PlangateError(
      'NOT_RECORDED',
      'No worker answered in time; nothing was recorded. Please try again.',
    );
  }
  if (error instanceof WorkflowNotFoundError) {
    return new PlangateError('REQUEST_NOT_FOUND', 'No such change request');
  }
  const message = failure?.message ?? String((error as Error)?.message ?? error);
  return new PlangateError('TEMPORAL_ERROR', `Temporal did not complete the call: ${message}`);
}
