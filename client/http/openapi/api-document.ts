// GET /api/v1/openapi.json: the OpenAPI 3.1 description of the JSON API, built by zod-openapi from
// the routes as Fastify registered them. Each API route carries its operation in its route config
// (`config.openapi`: the zod schemas its handler validates with, and what it answers), so the
// document cannot drift from the routes: a route without one is missing here, and the test of the
// document names it.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { ID_MESSAGE, ID_PATTERN } from '../../request-ids.js';
import { errorSchema } from './response-schemas.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's operation in openapi.json (API routes only). */
    openapi?: ApiOperation;
  }
}

export interface ApiOperation {
  summary: string;
  description?: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answer; no schema for an empty one (204). */
  response: { status: number; description: string; schema?: z.ZodType };
  /** The error statuses of this route beyond those of every API route (401, 429, 503). */
  errors?: number[];
  /** Answered without the API token. */
  public?: boolean;
}

export interface RegisteredRoute {
  method: string;
  /** Fastify's form: `/api/v1/accounts/:accountId/quotes`. */
  url: string;
  operation: ApiOperation | undefined;
}

export const API_PREFIX = '/api/v1';

/** Every route added to `app` (and its plugins) from now on, as Fastify registers it; HEAD routes aside. */
export function collectRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, operation: route.config?.openapi });
    }
  });
  return routes;
}

const errorText: Record<number, string> = {
  400: 'Bad input: `error.problems` names each field and why',
  401: 'Missing or wrong API token',
  402: 'The change raises the price and the account has no payment method',
  403: 'The member may not do this (role, not an approver)',
  404: 'Unknown account, request, member or endpoint',
  409: 'Conflicts with the current state (one request already open: `openRequestId`)',
  413: 'Body too large',
  415: 'The body must be application/json',
  429: 'Rate limited; retry later',
  503: 'Temporal, a worker or the store did not answer; nothing was recorded',
};

const pathId = z.string().regex(ID_PATTERN).meta({ description: ID_MESSAGE, example: 'acme' });

/** `/accounts/:accountId` -> `/accounts/{accountId}`, with the id rule of every path parameter. */
function openApiPath(url: string): { path: string; params: string[] } {
  const params: string[] = [];
  const path = url.replace(/:([A-Za-z0-9_]+)/g, (_all, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path, params };
}

function operationObject(route: RegisteredRoute, operation: ApiOperation): ZodOpenApiOperationObject {
  const { params } = openApiPath(route.url);
  const errors = new Set([...(operation.errors ?? []), 429, 503]);
  if (!operation.public) errors.add(401);
  if (operation.body) errors.add(400).add(413).add(415);
  if (params.length > 0) errors.add(400);
  const responses: ZodOpenApiResponsesObject = {
    [`${operation.response.status}` as `2${string}`]: {
      description: operation.response.description,
      ...(operation.response.schema
        ? { content: { 'application/json': { schema: operation.response.schema } } }
        : {}),
    },
  };
  for (const status of [...errors].sort()) {
    responses[`${status}` as `4${string}`] = {
      description: errorText[status] ?? 'Error',
      content: { 'application/json': { schema: errorSchema } },
    };
  }
  const path = params.length > 0 ? z.object(Object.fromEntries(params.map((p) => [p, pathId]))) : undefined;
  return {
    operationId: `${route.method.toLowerCase()}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_all, c?: string) => (c ?? '').toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(path || operation.query
      ? {
          requestParams: {
            ...(path ? { path } : {}),
            ...(operation.query ? { query: operation.query } : {}),
          },
        }
      : {}),
    ...(operation.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: operation.body } } } }
      : {}),
    ...(operation.public ? { security: [] } : {}),
    responses,
  };
}

/** The document for the API routes among `routes` (those under /api/v1 that carry an operation). */
export function apiDocument(routes: readonly RegisteredRoute[], serverUrl: string): oas31.OpenAPIObject {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    if (!route.url.startsWith(`${API_PREFIX}/`) || !route.operation) continue;
    const { path } = openApiPath(route.url);
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'delete' | 'patch';
    paths[path] = { ...paths[path], [method]: operationObject(route, route.operation) };
  }
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Plangate API',
      version: '1',
      description:
        'Approval workflows for SaaS subscription change requests. Every call but this document needs ' +
        '`Authorization: Bearer <PLANGATE_API_TOKEN>`. Amounts are integer minor units (cents). Errors ' +
        'are `{ "error": { "code", "message", "problems"? } }`; a 400 names each bad field in `problems`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearerAuth: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'PLANGATE_API_TOKEN' },
      },
    },
    paths,
  });
}
