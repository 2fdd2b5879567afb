import { CommanderError } from 'commander';
import { PlangateError } from '../plangate-error.js';

/** The exit codes of `plangate`, stable for scripts (README "Support CLI"). */
export const ExitCode = {
  Ok: 0,
  /** A check failed, or the operation was refused (a PlangateError 4xx such as REQUEST_NOT_OPEN). */
  Failed: 1,
  /** Wrong arguments or options (commander). */
  Usage: 2,
  /** Unknown account or request (404). */
  NotFound: 3,
  /** Temporal, the store or SMTP could not be reached (503). */
  Unreachable: 4,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error the CLI reports as one line, with the exit code it chose. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Errno codes that mean "the other side is not there": a service, not our input, is the problem. */
const unreachableErrno = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ESOCKET',
  'ECONNECTION',
]);

export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  if (error instanceof PlangateError) {
    if (error.status === 404) return ExitCode.NotFound;
    if (error.status >= 500) return ExitCode.Unreachable;
    return ExitCode.Failed;
  }
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === 'STORE_UNAVAILABLE') return ExitCode.Unreachable;
  if (typeof code === 'string' && unreachableErrno.has(code)) return ExitCode.Unreachable;
  return ExitCode.Failed;
}

/** One line for stderr: the message, plus the field problems a PlangateError carries. */
export function messageFor(error: unknown): string {
  if (error instanceof PlangateError && error.extra.problems?.length) {
    const problems = error.extra.problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return `${error.message} (${problems})`;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Some libraries put several lines in a message; the CLI promises one.
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
