// One delivery attempt: POST the body, wait for the status, read at most 64 KiB of the answer and
// throw it away. Node's own http/https, with the guarded DNS lookup (endpoint-url.ts) and a hard
// timeout over the whole attempt. Redirects are never followed: a 3xx is a failed attempt.
import http from 'node:http';
import https from 'node:https';
import {
  addressRefusal,
  guardedLookup,
  literalAddress,
  type AddressRules,
  type HostResolver,
} from './endpoint-url.js';

/** Why an attempt failed, as it is recorded and logged: never the answer's body. */
export type WebhookErrorClass =
  | 'http_status'
  | 'redirect'
  | 'timeout'
  | 'refused_address'
  | 'dns'
  | 'connection_refused'
  | 'connection_reset'
  | 'tls'
  | 'network'
  | 'invalid_url';

export interface AttemptOutcome {
  ok: boolean;
  /** The HTTP status, when an answer came. */
  status: number | null;
  errorClass: WebhookErrorClass | null;
  latencyMs: number;
}

export interface PostWebhookOptions extends AddressRules {
  timeoutMs: number;
  resolve?: HostResolver;
}

const MAX_RESPONSE_BYTES = 64 * 1024;

class AttemptTimeout extends Error {
  readonly code = 'EWEBHOOKTIMEOUT';
}

export function errorClassOf(error: unknown): WebhookErrorClass {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'EWEBHOOKTIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout';
    case 'EWEBHOOKREFUSEDADDRESS':
      return 'refused_address';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NODATA':
      return 'dns';
    case 'ECONNREFUSED':
      return 'connection_refused';
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
      return 'connection_reset';
    default:
      if (typeof code === 'string' && /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO)/.test(code))
        return 'tls';
      return 'network';
  }
}

export function postWebhook(
  rawUrl: string,
  headers: Record<string, string>,
  body: string,
  options: PostWebhookOptions,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, errorClass: WebhookErrorClass | null) => ({
    ok,
    status,
    errorClass,
    latencyMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return Promise.resolve(done(false, null, 'invalid_url'));
  }
  // A literal address never reaches the lookup: check it here.
  const literal = literalAddress(url);
  if (literal && addressRefusal(literal, options))
    return Promise.resolve(done(false, null, 'refused_address'));
  const secure = url.protocol === 'https:';
  if (!secure && url.protocol !== 'http:') return Promise.resolve(done(false, null, 'invalid_url'));

  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const payload = Buffer.from(body, 'utf8');
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      headers: {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(payload.byteLength),
        'user-agent': 'Plangate-Webhooks/1',
      },
      lookup: guardedLookup(options, options.resolve),
      // A connection per attempt: a kept-alive socket the receiver closed while idle would turn into
      // a spurious failed attempt, and a fresh connect is where the address check runs.
      agent: false,
    });
    const timer = setTimeout(
      () => request.destroy(new AttemptTimeout('no answer in time')),
      options.timeoutMs,
    );
    request.once('error', (error) => finish(done(false, null, errorClassOf(error))));
    // Whatever else happened, an attempt ends when its socket does.
    request.once('close', () => finish(done(false, null, 'connection_reset')));
    request.once('response', (response) => {
      const status = response.statusCode ?? 0;
      let read = 0;
      const settle = () => {
        const ok = status >= 200 && status < 300;
        finish(done(ok, status, ok ? null : status >= 300 && status < 400 ? 'redirect' : 'http_status'));
      };
      // Read (and drop) a bounded answer so the connection can be reused; past the limit, hang up.
      response.on('data', (chunk: Buffer) => {
        read += chunk.byteLength;
        if (read > MAX_RESPONSE_BYTES) {
          settle();
          response.destroy();
          request.destroy();
        }
      });
      response.once('end', settle);
      response.once('error', (error) => finish(done(false, status, errorClassOf(error))));
      response.once('aborted', () => finish(done(false, status, 'connection_reset')));
    });
    request.end(payload);
  });
}
