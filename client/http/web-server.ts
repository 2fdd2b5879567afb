// The Plangate web server: the JSON API (docs/http-api.md), the approval and status pages, and
// in development the mailbox of the SMTP sink. It talks to Temporal and the store only through
// PlangateClient, so every rule is enforced once, in the workflow.
import rateLimitPlugin from '@fastify/rate-limit';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import { tokenHash } from '../../activities/mailer/index.js';
import type { DevSmtpSink } from '../../activities/mailer/index.js';
import { defaultCatalog } from '../../activities/pricing/index.js';
import type { Catalog } from '../../activities/pricing/types.js';
import { defaultApprovalPolicy, type ApprovalPolicy } from '../../activities/store/policy-types.js';
import type { ApprovalSettingsStore } from '../approval-settings.js';
import type { PlangateClient } from '../plangate-client.js';
import {
  WebhookEndpoints,
  type WebhookEndpointSettings,
  type WebhookEndpointStore,
} from '../webhook-endpoints.js';
import { createCsrf } from './csrf.js';
import { errorReply } from './errors.js';
import { NEUTRAL_STATUS, sendMessagePage } from './html-reply.js';
import { pickLocale } from './locale.js';
import { apiRoutes } from './routes/api.js';
import { approvalPolicyRoutes } from './routes/approval-policy.js';
import { approvalRoutes } from './routes/approval-pages.js';
import { devMailRoutes } from './routes/dev-mail.js';
import { portalRoutes } from './routes/portal-pages.js';
import { portalSessionRoutes } from './routes/portal-sessions.js';
import { statusRoutes } from './routes/status-page.js';
import { webhookRoutes } from './routes/webhooks.js';
import { openApiRoutes } from './routes/openapi.js';
import { collectRoutes } from './openapi/api-document.js';
import { securityHeaders } from './security-headers.js';

export interface RateLimitSetting {
  max: number;
  timeWindowMs: number;
}

export interface WebServerOptions {
  client: PlangateClient;
  /**
   * The billing store: reads for the account's subscription view (GET .../subscription), its
   * approval settings (approval policy, delegations), and the webhook endpoints with their
   * deliveries (/api/v1/webhook-endpoints).
   */
  accounts?: ApprovalSettingsStore & WebhookEndpointStore;
  /** The deployment's default approval policy (PLANGATE_APPROVAL_POLICY); default `{mode: "any"}`. */
  defaultApprovalPolicy?: ApprovalPolicy;
  /** Rules for registering webhook endpoints (default: no loopback, 24 h secret overlap). */
  webhooks?: WebhookEndpointSettings;
  /** The approval-link secret the worker signs with (32+ bytes); never logged. */
  linkSecret: Uint8Array;
  /** Bearer token of the JSON API. */
  apiToken: string;
  /** The public base URL of this server (links in emails point here); never the Host header. */
  publicUrl: string;
  /** Enables /dev/mail, /dev/mail.json and /dev/mail/{id}. */
  devMailbox?: DevSmtpSink;
  /** false (default) / true / pino options. Tokens and personal data are never logged. */
  logger?: boolean | object;
  /** Per IP, for the API and (unless pageRateLimit is given) the pages. Default 600 per minute for the API. */
  rateLimit?: RateLimitSetting;
  /** Per IP, for /approve, /status and /portal, each. Default 60 per minute. */
  pageRateLimit?: RateLimitSetting;
  /** The catalog: names for every page, and plans, prices and tiers for the portal's form (default: the default catalog). */
  catalog?: Catalog;
  /** How long a portal session link is valid (PLANGATE_PORTAL_SESSION_TTL); default 1 hour. */
  portalSessionTtlMs?: number;
  /** Behind a reverse proxy: trust X-Forwarded-For for the rate limits (Fastify's trustProxy). */
  trustProxy?: boolean | string | string[];
}

const BODY_LIMIT = 64 * 1024;
const DEFAULT_API_LIMIT: RateLimitSetting = { max: 600, timeWindowMs: 60_000 };
const DEFAULT_PAGE_LIMIT: RateLimitSetting = { max: 60, timeWindowMs: 60_000 };
const LINK_PATH = /^\/(approve|status|portal)\/([^/?#]+)/;
const DEFAULT_PORTAL_SESSION_TTL_MS = 3_600_000;

/** `/approve/<token>` -> `/approve/#<hash>` (status and portal alike): a token in a log would be a working credential. */
export function redactUrl(url: string): string {
  return url.replace(LINK_PATH, (_all, page: string, token: string) => `/${page}/#${tokenHash(token)}`);
}

function loggerOptions(logger: WebServerOptions['logger']): Pick<FastifyServerOptions, 'logger'> {
  if (!logger) return { logger: false };
  const base = typeof logger === 'object' ? logger : {};
  return {
    logger: {
      level: 'info',
      ...base,
      // No IP, no headers, no bodies: only what identifies the call.
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}

/** JSON for the API and machine routes; HTML for the pages, and for browsers that land elsewhere. */
function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  if (path.startsWith('/api/') || path === '/healthz' || path === '/dev/mail.json') return true;
  if (/^\/(approve|status|portal|portal-assets)\//.test(path) || path.startsWith('/dev/mail')) return false;
  return !(request.headers.accept ?? '').includes('text/html');
}

function assertOptions(options: WebServerOptions): void {
  if (!(options.linkSecret instanceof Uint8Array) || options.linkSecret.byteLength < 32)
    throw new TypeError('linkSecret must be at least 32 bytes');
  if (typeof options.apiToken !== 'string' || options.apiToken.length === 0)
    throw new TypeError('apiToken must not be empty');
  let url: URL;
  try {
    url = new URL(options.publicUrl);
  } catch {
    throw new TypeError(`publicUrl is not a URL: ${options.publicUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError('publicUrl must be an http(s) URL');
}

export function buildWebServer(options: WebServerOptions): FastifyInstance {
  assertOptions(options);
  const app = Fastify({
    ...loggerOptions(options.logger),
    bodyLimit: BODY_LIMIT,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
    // Link tokens are a few hundred characters; the verifier refuses anything beyond 2048.
    routerOptions: { maxParamLength: 2100 },
  });
  const catalog = options.catalog ?? defaultCatalog;
  const csrf = createCsrf(options.linkSecret);
  const apiLimit = options.rateLimit ?? DEFAULT_API_LIMIT;
  const pageLimit = options.pageRateLimit ?? options.rateLimit ?? DEFAULT_PAGE_LIMIT;

  app.addHook('onSend', securityHeaders);
  // Before any route: openapi.json describes the API routes as Fastify registers them.
  const routes = collectRoutes(app);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, body } = errorReply(error);
    if (status >= 500) request.log.error({ code: body.error.code, err: error.message }, 'request failed');
    if (wantsJson(request)) return reply.code(status).send(body);
    const locale = pickLocale(request.query, request.headers['accept-language']);
    if (status === 429) return sendMessagePage(reply, 'too_many', locale);
    if (status >= 500) return sendMessagePage(reply, 'unavailable', locale);
    // A malformed POST to a link (wrong content type, too large): nothing to explain.
    return sendMessagePage(reply, 'neutral', locale, status);
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const locale = pickLocale(request.query, request.headers['accept-language']);
    // `/approve/` without a token, or with a slash in it, is a broken link like any other.
    if (/^\/(approve|status|portal)\//.test(request.url))
      return sendMessagePage(reply, 'neutral', locale, NEUTRAL_STATUS);
    if (!wantsJson(request)) return sendMessagePage(reply, 'not_found', locale);
    return reply.code(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${redactUrl(request.url.split('?')[0] ?? '')}`,
      },
    });
  });

  app.get('/healthz', async () => ({ ok: true }));

  void app.register(async (scope) => {
    await scope.register(rateLimitPlugin, {
      global: false,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new Error(`Too many requests; retry in ${context.after}`), {
          statusCode: context.statusCode,
          code: 'RATE_LIMITED',
        }),
    });
    const limiter = (setting: RateLimitSetting) =>
      scope.rateLimit({ max: setting.max, timeWindow: setting.timeWindowMs, hook: 'onRequest' });
    // One limiter for every API route (webhook endpoints included): one budget per client IP.
    const apiLimiter = limiter(apiLimit);
    await scope.register(apiRoutes, {
      prefix: '/api/v1',
      client: options.client,
      ...(options.accounts ? { accounts: options.accounts } : {}),
      apiToken: options.apiToken,
      rateLimit: apiLimiter,
    });
    await scope.register(approvalPolicyRoutes, {
      prefix: '/api/v1',
      client: options.client,
      ...(options.accounts ? { accounts: options.accounts } : {}),
      defaultPolicy: options.defaultApprovalPolicy ?? defaultApprovalPolicy,
      apiToken: options.apiToken,
      rateLimit: apiLimiter,
    });
    await scope.register(webhookRoutes, {
      prefix: '/api/v1',
      endpoints: options.accounts
        ? new WebhookEndpoints(
            options.accounts,
            options.webhooks ?? { allowLoopback: false, secretOverlapMs: 24 * 3_600_000 },
          )
        : undefined,
      apiToken: options.apiToken,
      rateLimit: apiLimiter,
    });
    await scope.register(portalSessionRoutes, {
      prefix: '/api/v1',
      accounts: options.accounts,
      linkSecret: options.linkSecret,
      publicUrl: options.publicUrl,
      ttlMs: options.portalSessionTtlMs ?? DEFAULT_PORTAL_SESSION_TTL_MS,
      apiToken: options.apiToken,
      rateLimit: apiLimiter,
    });
    await scope.register(portalRoutes, {
      client: options.client,
      accounts: options.accounts,
      linkSecret: options.linkSecret,
      csrf,
      catalog,
      rateLimit: limiter(pageLimit),
    });
    await scope.register(openApiRoutes, {
      prefix: '/api/v1',
      routes,
      publicUrl: options.publicUrl,
      rateLimit: apiLimiter,
    });
    await scope.register(approvalRoutes, {
      client: options.client,
      linkSecret: options.linkSecret,
      publicUrl: options.publicUrl,
      csrf,
      catalog,
      rateLimit: limiter(pageLimit),
      ...(options.accounts ? { accounts: options.accounts } : {}),
    });
    await scope.register(statusRoutes, {
      client: options.client,
      linkSecret: options.linkSecret,
      csrf,
      catalog,
      rateLimit: limiter(pageLimit),
    });
    if (options.devMailbox) await scope.register(devMailRoutes, { sink: options.devMailbox });
  });

  return app;
}

export interface RunningWebServer {
  /** Where it listens (not necessarily the public URL). */
  url: string;
  server: FastifyInstance;
  close(): Promise<void>;
}

export async function startWebServer(
  options: WebServerOptions & { port: number; host?: string },
): Promise<RunningWebServer> {
  const server = buildWebServer(options);
  const host = options.host ?? '127.0.0.1';
  await server.listen({ port: options.port, host });
  const address = server.server.address();
  const port = address && typeof address === 'object' ? address.port : options.port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    server,
    close: () => server.close(),
  };
}
