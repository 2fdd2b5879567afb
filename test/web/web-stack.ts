// The real test stack (dev server, worker, PGlite store, SMTP sink) with the web server in front of
// it on a free port, so links in the emails point at this very server.
import type { DevMail } from '../../activities/mailer/index.js';
import { startWebServer, type RunningWebServer, type WebServerOptions } from '../../client/http/index.js';
import type { SubmissionAccepted } from '../../workflows/messages.js';
import {
  startTestStack,
  terminateOpenRequests,
  type TestStack,
  type TestStackOptions,
} from '../setup/stack.js';
import { freePort } from '../setup/free-port.js';

export const API_TOKEN = 'test-api-token-0123456789';

/** What the API answers: an error, or a success body the test casts to its shape. */
export interface ApiBody {
  error?: {
    code: string;
    message: string;
    problems?: Array<{ field: string; message: string }>;
    openRequestId?: string;
  };
  [key: string]: unknown;
}

export interface WebStack {
  stack: TestStack;
  web: RunningWebServer;
  url: string;
  /** fetch against the web server with the API token. */
  api(method: string, path: string, body?: unknown): Promise<{ status: number; json: ApiBody }>;
  submit(accountId: string, body: unknown): Promise<SubmissionAccepted>;
  /** Ends whatever request is open on the seeded accounts and forgets the mail. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebStack(
  options: { stack?: TestStackOptions; web?: Partial<WebServerOptions> } = {},
): Promise<WebStack> {
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const stack = await startTestStack({ ...options.stack, publicUrl });
  let web: RunningWebServer;
  try {
    web = await startWebServer({
      client: stack.client,
      accounts: stack.store,
      linkSecret: stack.deps.links.secret,
      apiToken: API_TOKEN,
      publicUrl,
      devMailbox: stack.sink,
      // Generous: these suites send many requests from one IP; the limit has its own test.
      rateLimit: { max: 100_000, timeWindowMs: 60_000 },
      ...options.web,
      port,
    });
  } catch (error) {
    await stack.stop();
    throw error;
  }
  const api: WebStack['api'] = async (method, path, body) => {
    const response = await fetch(`${web.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${API_TOKEN}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : {}) as ApiBody };
  };
  return {
    stack,
    web,
    url: web.url,
    api,
    async submit(accountId, body) {
      const { status, json } = await api('POST', `/api/v1/accounts/${accountId}/change-requests`, body);
      if (status !== 201) throw new Error(`submission failed: ${status} ${JSON.stringify(json)}`);
      return json as unknown as SubmissionAccepted;
    },
    async reset() {
      await terminateOpenRequests(stack.client);
      stack.sink.clear();
    },
    async stop() {
      await web.close();
      await stack.stop();
    },
  };
}

/** The kind of a sent mail, from the mailer's `X-Plangate-Kind: kind[:round[:sequence]]` header. */
export function kindOf(mail: DevMail): string {
  return mail.headers['x-plangate-kind']?.split(':')[0] ?? '';
}

export function waitForMail(
  stack: TestStack,
  requestId: string,
  kind: string,
  to: string,
  timeoutMs = 20_000,
): Promise<DevMail> {
  return stack.sink.waitFor(
    (m) => m.headers['x-plangate-request-id'] === requestId && kindOf(m) === kind && m.to.includes(to),
    timeoutMs,
  );
}

/** Every http(s) URL in a mail's text part. */
export function linksIn(mail: DevMail): string[] {
  return [...new Set(mail.text.match(/https?:\/\/[^\s<>"')\]]+/g) ?? [])];
}

/** The one link to a page (`approve` or `status`) in a mail. */
export function pageLink(mail: DevMail, page: 'approve' | 'status'): string {
  const link = linksIn(mail).find((url) => new URL(url).pathname.startsWith(`/${page}/`));
  if (!link) throw new Error(`no /${page}/ link in mail "${mail.subject}"`);
  return link;
}

export function tokenOf(link: string): string {
  return new URL(link).pathname.split('/')[2] ?? '';
}

/** The hidden CSRF field of an approval page. */
export function csrfIn(html: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field on the page');
  return match[1];
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

export async function getPage(url: string): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await fetch(url, { redirect: 'manual' });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** A portal session for a member of acme (POST .../portal-sessions), its URL and token. */
export async function openPortal(
  w: WebStack,
  userId: string,
  extra: { locale?: 'de' | 'en'; returnUrl?: string } = {},
): Promise<{ url: string; token: string; expiresAt: string }> {
  const { status, json } = await w.api('POST', '/api/v1/accounts/acme/portal-sessions', { userId, ...extra });
  if (status !== 201) throw new Error(`portal session refused: ${status} ${JSON.stringify(json)}`);
  const url = json.url as string;
  return { url, token: tokenOf(url), expiresAt: json.expiresAt as string };
}

/** The text of a page's field message slot (`data-error-for`), '' when empty. */
export function fieldErrorIn(html: string, field: string): string {
  const match = new RegExp(`data-error-for="${field}"[^>]*>([^<]*)<`).exec(html);
  if (!match) throw new Error(`no message slot for ${field}`);
  return match[1] ?? '';
}
