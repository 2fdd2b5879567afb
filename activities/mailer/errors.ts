// Typed SMTP failures. The sender never retries by itself: a TransientMailError fails the activity
// and Temporal's activity retry policy does the backoff; a PermanentMailError (code SMTP_PERMANENT)
// will fail the same way again, so callers treat it as final (list 'PermanentMailError' in the
// retry policy's nonRetryableErrorTypes, or catch it by code as the send activity does).
// Messages never carry recipient addresses: errors end up in workflow history and logs.

interface SmtpErrorDetails {
  /** The SMTP reply code when the server answered (421, 550, ...). */
  responseCode?: number;
  /** The SMTP command that failed (MAIL FROM, RCPT TO, DATA, ...). */
  command?: string;
  /** Nodemailer's or Node's error code (ECONNECTION, ECONNREFUSED, ETIMEDOUT, ...). */
  errorCode?: string;
}

export class TransientMailError extends Error {
  readonly code = 'SMTP_TRANSIENT';
  readonly retryable = true;
  readonly responseCode?: number;
  readonly command?: string;
  readonly errorCode?: string;
  constructor(message: string, details: SmtpErrorDetails = {}) {
    super(message);
    this.name = 'TransientMailError';
    Object.assign(this, details);
  }
}

export class PermanentMailError extends Error {
  readonly code = 'SMTP_PERMANENT';
  readonly retryable = false;
  readonly responseCode?: number;
  readonly command?: string;
  readonly errorCode?: string;
  constructor(message: string, details: SmtpErrorDetails = {}) {
    super(message);
    this.name = 'PermanentMailError';
    Object.assign(this, details);
  }
}

export type MailError = TransientMailError | PermanentMailError;

const EMAIL = /[^\s<>@"',;:]+@[^\s<>@"',;:]+/g;

/** Server replies often quote the recipient ("550 <bob@example.com> unknown"): keep the text, drop addresses. */
export function redactAddresses(text: string): string {
  return text.replace(EMAIL, '[address]');
}

interface NodemailerLikeError {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

/**
 * Maps what nodemailer throws onto the two retry classes (RFC 5321: 4yz transient, 5yz permanent).
 * 503 "bad sequence of commands" is a 5yz that describes the session, not the message, so it is
 * transient, as nodemailer itself classifies it. A recipient address nodemailer rejects before
 * talking to the server (EENVELOPE without a reply) cannot improve either: permanent. Anything
 * else, connection trouble above all, is transient: dropping an email for good is the worse mistake.
 */
export function classifySmtpError(error: unknown): MailError {
  if (error instanceof TransientMailError || error instanceof PermanentMailError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as NodemailerLikeError;
  const details: SmtpErrorDetails = {};
  if (typeof e.responseCode === 'number') details.responseCode = e.responseCode;
  if (typeof e.command === 'string') details.command = e.command;
  if (typeof e.code === 'string') details.errorCode = e.code;

  const reply =
    typeof e.response === 'string' ? e.response : typeof e.message === 'string' ? e.message : String(error);
  const what = details.command ? `SMTP ${details.command} failed` : 'SMTP send failed';
  const message = redactAddresses(`${what}: ${reply}`).slice(0, 500);

  const status = details.responseCode;
  if (status !== undefined && status >= 500 && status <= 599 && status !== 503) {
    return new PermanentMailError(message, details);
  }
  if (status === undefined && details.errorCode === 'EENVELOPE')
    return new PermanentMailError(message, details);
  return new TransientMailError(message, details);
}
