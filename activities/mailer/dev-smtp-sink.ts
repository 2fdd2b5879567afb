// The dev stack's mail server: real SMTP on loopback that keeps what it receives in memory, for
// /dev/mail and for tests that read the real messages. Never meant to face a network: it binds to
// 127.0.0.1 by default, accepts any (or no) login, and speaks no TLS.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type HeaderValue, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One received message, in the shape of the `/dev/mail.json` items (plus `from`): docs/http-api.md. */
export interface DevMail {
  id: string;
  /** Envelope recipients (what the server was asked to deliver to). */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** ISO 8601: the Date header, or the time of receipt when there is none. */
  date: string;
}

/** A reply the sink gives to MAIL FROM instead of accepting, to test the sender's error handling. */
export interface SinkFailure {
  code: number;
  message: string;
}

export interface DevSmtpSink {
  port: number;
  url: string;
  /** Oldest first (newest last). A copy: callers may keep it. */
  messages(): DevMail[];
  clear(): void;
  /** The first message, received already or later, that matches; rejects after timeoutMs. */
  waitFor(predicate: (mail: DevMail) => boolean, timeoutMs?: number): Promise<DevMail>;
  /** From now on answer every MAIL FROM with this reply (null: accept again). */
  setFailure(failure: SinkFailure | null): void;
  stop(): Promise<void>;
}

export interface DevSmtpSinkOptions {
  /** 0 picks a free port (tests); the dev stack passes SMTP_PORT. */
  port: number;
  host?: string;
  /** Oldest messages are dropped beyond this many. */
  maxMessages?: number;
  /** Largest accepted message in bytes. */
  maxSizeBytes?: number;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

function headerText(value: HeaderValue | undefined, rawLine: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((v): v is string => typeof v === 'string')) return value.join(' ');
  if (value && typeof value === 'object' && 'text' in value && typeof value.text === 'string')
    return value.text;
  // Structured values (Content-Type with parameters): the raw line says it best.
  return rawLine
    .slice(rawLine.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function headersOf(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) {
    const value = headerText(parsed.headers.get(key), line);
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return headers;
}

export async function startDevSmtpSink(options: DevSmtpSinkOptions): Promise<DevSmtpSink> {
  const host = options.host ?? '127.0.0.1';
  const maxMessages = options.maxMessages ?? 500;
  const maxSize = options.maxSizeBytes ?? 10 * 1024 * 1024;
  const received: DevMail[] = [];
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let failure: SinkFailure | null = null;
  let counter = 0;

  async function accept(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const parsed = await simpleParser(stream);
    if (stream.sizeExceeded) throw smtpError(552, 'Message exceeds the size limit');
    counter += 1;
    const mail: DevMail = {
      id: String(counter),
      to: session.envelope.rcptTo.map((r) => r.address),
      from: parsed.from?.text ?? (session.envelope.mailFrom ? session.envelope.mailFrom.address : ''),
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      headers: headersOf(parsed),
      date: (parsed.date ?? new Date()).toISOString(),
    };
    received.push(mail);
    if (received.length > maxMessages) received.splice(0, received.length - maxMessages);
    arrivals.emit('mail', mail);
  }

  const server = new SMTPServer({
    banner: 'Plangate dev SMTP sink',
    logger: false,
    // Loopback only: a reverse DNS lookup per connection would only add latency.
    disableReverseLookup: true,
    size: maxSize,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // Whatever SMTP_URL says about credentials, the sink lets it in (loopback only, no TLS).
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'dev' });
    },
    // Connections left open by a client must not hold up stop() for the default 30 s.
    closeTimeout: 500,
    onMailFrom(_address, _session, callback) {
      if (failure) return callback(smtpError(failure.code, failure.message));
      callback();
    },
    onData(stream, session, callback) {
      accept(stream, session).then(
        () => callback(),
        (error: unknown) => {
          stream.resume();
          callback(error instanceof Error ? error : smtpError(451, 'Could not read the message'));
        },
      );
    },
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(options.port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  // A client that drops its connection mid-session is its problem, not the sink's.
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url: `smtp://${host}:${port}`,
    messages: () => [...received],
    clear() {
      received.length = 0;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise<DevMail>((resolve, reject) => {
        const cleanup = () => {
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          arrivals.off('stop', onStop);
        };
        const onMail = (mail: DevMail) => {
          if (!predicate(mail)) return;
          cleanup();
          resolve(mail);
        };
        const onStop = () => {
          cleanup();
          reject(new Error('The dev SMTP sink was stopped while waiting for a message'));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`No matching message within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
        arrivals.on('stop', onStop);
      });
    },
    setFailure(next) {
      failure = next;
    },
    stop() {
      arrivals.emit('stop');
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
