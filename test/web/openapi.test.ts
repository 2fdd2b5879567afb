// GET /api/v1/openapi.json: a valid OpenAPI 3.1 document (checked by @readme/openapi-parser against
// the specification's schema and its extra rules) that describes every route Fastify registered
// under /api/v1, with the schemas the routes validate with. The web server runs without Temporal
// here: the document is built from the routes alone, and no route is called but this one.
import { compileErrors, validate } from '@readme/openapi-parser';
import { Client } from '@temporalio/client';
import { expect } from 'chai';
import type { FastifyInstance } from 'fastify';
import { PlangateClient } from '../../client/plangate-client.js';
import { buildWebServer } from '../../client/http/web-server.js';
import { submitBodySchema } from '../../client/http/api-input.js';

interface Operation {
  security?: unknown[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> };
  security: unknown[];
}

describe('web: openapi.json', function () {
  let app: FastifyInstance;
  const registered: Array<{ method: string; url: string }> = [];
  let document: Document;

  before(async () => {
    // A client that never connects: building the document calls nothing.
    const client = new PlangateClient(new Client());
    app = buildWebServer({
      client,
      linkSecret: new Uint8Array(32).fill(7),
      apiToken: 'openapi-test-token',
      publicUrl: 'https://plangate.example',
    });
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    });
    await app.ready();
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode, response.body).to.equal(200);
    expect(response.headers['content-type']).to.match(/^application\/json/);
    document = response.json();
  });
  after(async () => {
    await app?.close();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(document.openapi).to.equal('3.1.0');
    // validate() dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, result.valid ? '' : compileErrors(result)).to.equal(true);
  });

  it('describes every route registered under /api/v1, and nothing else', () => {
    const api = registered.filter((r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD');
    expect(api.length).to.be.greaterThan(15);
    const described = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = api.map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`);
    expect(described.sort()).to.deep.equal([...new Set(routes)].sort());
    expect(routes).to.include.members([
      'POST /api/v1/accounts/{accountId}/quotes',
      'POST /api/v1/accounts/{accountId}/change-requests',
      'GET /api/v1/openapi.json',
    ]);
  });

  it('has the bearer scheme on every operation but this document, and the error format on every error', () => {
    expect(document.components.securitySchemes.bearerAuth).to.deep.include({
      type: 'http',
      scheme: 'bearer',
    });
    expect(document.security).to.deep.equal([{ bearerAuth: [] }]);
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const name = `${method} ${path}`;
        if (path === '/api/v1/openapi.json') expect(operation.security, name).to.deep.equal([]);
        else {
          expect(operation.security, name).to.equal(undefined);
          expect(operation.responses, name).to.have.property('401');
        }
        for (const [status, response] of Object.entries(operation.responses)) {
          if (Number(status) < 400) continue;
          expect(response.content?.['application/json']?.schema.$ref, `${name} ${status}`).to.equal(
            '#/components/schemas/Error',
          );
        }
        // Every path parameter is declared with the id rule.
        for (const name of [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))
          expect(
            operation.parameters?.map((p) => `${p.in}:${p.name}`),
            path,
          ).to.include(`path:${name}`);
      }
    }
    const error = document.components.schemas.Error as { properties: { error: { required: string[] } } };
    expect(error.properties.error.required).to.include.members(['code', 'message']);
  });

  it('takes request bodies from the schemas that validate them, with examples', () => {
    const quotes = document.paths['/api/v1/accounts/{accountId}/quotes']?.post;
    expect(quotes?.requestBody?.content['application/json']?.schema).to.deep.equal({
      $ref: '#/components/schemas/QuoteChange',
    });
    const quoteChange = document.components.schemas.QuoteChange as {
      properties: Record<string, unknown>;
      required: string[];
      additionalProperties: boolean;
      example: unknown;
    };
    expect(Object.keys(quoteChange.properties).sort()).to.deep.equal(['at', 'changes', 'requestedBy']);
    expect(quoteChange.required).to.deep.equal(['changes']);
    expect(quoteChange.additionalProperties).to.equal(false);
    expect(quoteChange.example).to.be.an('object');
    // The submission body: the same fields as the zod schema the route parses with.
    const submit = document.components.schemas.SubmitChangeRequest as { properties: Record<string, unknown> };
    expect(Object.keys(submit.properties).sort()).to.deep.equal(Object.keys(submitBodySchema.shape).sort());
    expect(quotes?.responses['200']?.content?.['application/json']?.schema.$ref).to.equal(
      '#/components/schemas/QuoteResponse',
    );
  });

  it('lists the status view with the approval stage statuses of the TypeScript type', () => {
    const view = document.components.schemas.RequestStatusView as {
      properties: { approvals: { items: { properties: { status: { enum: string[] } } } } };
    };
    // 'done' | 'current' | 'later' today: a value added to ApprovalStageView['status'] does not compile
    // until response-schemas.ts lists it, so this list is the type's.
    expect(view.properties.approvals.items.properties.status.enum).to.include.members([
      'done',
      'current',
      'later',
    ]);
  });

  it('is served without the API token', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: {} });
    expect(response.statusCode).to.equal(200);
    const other = await app.inject({ method: 'GET', url: '/api/v1/webhook-endpoints' });
    expect(other.statusCode).to.equal(401);
  });
});
