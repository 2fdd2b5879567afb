// GET /api/v1/openapi.json, without the API token (a host app's generator fetches it), rate limited
// like the API. Built once, on the first request, when every route is registered.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { oas31 } from 'zod-openapi';
import { apiDocument, type RegisteredRoute } from '../openapi/api-document.js';
import type { RequestGuard } from '../request-guard.js';

export interface OpenApiRoutesOptions {
  routes: readonly RegisteredRoute[];
  /** The configured public base URL: the document's server, never the Host header. */
  publicUrl: string;
  rateLimit: RequestGuard;
}

export async function openApiRoutes(api: FastifyInstance, options: OpenApiRoutesOptions): Promise<void> {
  api.addHook('onRequest', options.rateLimit);
  let document: oas31.OpenAPIObject | undefined;
  api.get(
    '/openapi.json',
    {
      config: {
        openapi: {
          summary: 'This document: the OpenAPI 3.1 description of the API',
          tag: 'meta',
          public: true,
          response: {
            status: 200,
            description: 'The OpenAPI document',
            schema: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
          },
        },
      },
    },
    async () => (document ??= apiDocument(options.routes, `${options.publicUrl.replace(/\/$/, '')}/api/v1`)),
  );
}
