// Hundreds of malformed API requests, generated with fast-check: wrong types, missing and unknown
// fields, huge strings, bad ids, broken JSON, wrong content types, arrays for objects, bad tokens.
// Every one must get a 4xx with a JSON `error.message`, never a 5xx and never a stack trace.
import { expect } from 'chai';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildWebServer } from '../../client/http/index.js';
import { ID_PATTERN } from '../../client/request-ids.js';
import { listedStates } from '../../workflows/request-states.js';
import { startTestStack, type TestStack } from '../setup/stack.js';

const TOKEN = 'fuzz-token-0123456789abcdef';
const auth = { authorization: `Bearer ${TOKEN}` };

const validId = fc.constantFrom('acme', 'globex', 'adam', 'bill', 'req_123');
/** Strings that break the id rule: empty, leading punctuation, spaces, slashes, too long, unicode. */
const badId = fc.oneof(
  fc.constant(''),
  fc.constantFrom('-acme', '.hidden', '_x', 'a b', 'a/b', 'ä', '..', 'a?b', 'a#b', '%00', '<script>'),
  fc.string({ minLength: 65, maxLength: 200 }).map((s) => `a${s.replace(/[^A-Za-z0-9]/g, 'x')}`),
  fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(s)),
);
/** Any JSON value that is not a string (for fields that must be strings). */
const notAString = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);
/** Not a JSON object: arrays, scalars, null. */
const notAnObject = fc.oneof(
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 3 }),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const unknownKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((k) => !['requestedBy', 'changes', 'note', 'locale', '__proto__', 'constructor'].includes(k));
const huge = fc.integer({ min: 2_001, max: 90_000 }).map((n) => 'x'.repeat(n));
const badSeats = fc.oneof(
  fc.integer({ max: 0 }),
  fc.integer({ min: 100_001 }),
  fc.double({ noInteger: true }),
  fc.string({ maxLength: 5 }),
  fc.constant(null),
);

const submitPath = (account: string) => `/api/v1/accounts/${encodeURIComponent(account)}/change-requests`;
const json = (method: 'POST', url: string, payload: unknown): InjectOptions => ({
  method,
  url,
  headers: { ...auth, 'content-type': 'application/json' },
  payload: JSON.stringify(payload),
});

/**
 * One malformed request (each branch is invalid by construction), what it is (for messages) and, for
 * bodies sent to the open request `pendingId`, the fields a 400 must name. Those go to a request that
 * exists and is pending, so only the body's validation can refuse them (an unknown request would
 * get a 404 whatever the body).
 */
type MalformedCase = [kind: string, request: InjectOptions, fields?: string[]];

const isValidId = (value: unknown) => typeof value === 'string' && ID_PATTERN.test(value);
const isTooLong = (value: unknown) => typeof value === 'string' && value.length > 2000;

const malformedRequests = (pendingId: string): fc.Arbitrary<MalformedCase> => {
  const pending = `${submitPath('acme')}/${pendingId}`;
  return fc
    .oneof(
      // Wrong types for required fields.
      fc
        .tuple(notAString, fc.constantFrom({ seats: 8 }, { plan: 'professional' }))
        .map(([requestedBy, changes]) => [
          'requestedBy type',
          json('POST', submitPath('acme'), { requestedBy, changes }),
        ]),
      notAnObject
        .filter((c) => c !== undefined)
        .map((changes) => [
          'changes type',
          json('POST', submitPath('acme'), { requestedBy: 'adam', changes }),
        ]),
      badSeats.map((seats) => [
        'seats',
        json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { seats } }),
      ]),
      notAString
        .filter((n) => n !== null)
        .map((note) => [
          'note type',
          json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { seats: 8 }, note }),
        ]),
      // Missing fields.
      fc
        .constantFrom<object>(
          {},
          { requestedBy: 'adam' },
          { changes: { seats: 8 } },
          { note: 'hi' },
          { requestedBy: 'adam', changes: {} },
        )
        .map((body) => ['missing', json('POST', submitPath('acme'), body)]),
      // Unknown fields, top level and inside changes and addOns.
      fc
        .tuple(unknownKey, fc.jsonValue({ maxDepth: 1 }))
        .map(([key, value]) => [
          'unknown top-level field',
          json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { seats: 8 }, [key]: value }),
        ]),
      fc
        .tuple(
          unknownKey.filter(
            (k) => !['plan', 'seats', 'contactLimit', 'interval', 'addOns', 'addProduct'].includes(k),
          ),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([key, value]) => [
          'unknown change field',
          json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { seats: 8, [key]: value } }),
        ]),
      fc
        .constantFrom(
          'paymentMethod',
          'payment',
          'card',
          'invoice',
          'invoices',
          'billingAddress',
          'billingEmail',
        )
        .map((key) => [
          'billing field',
          json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { [key]: 'x' } }),
        ]),
      // Huge strings (400 when under the body limit, 413 above it).
      huge.map((note) => [
        'huge note',
        json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { seats: 8 }, note }),
      ]),
      huge.map((plan) => [
        'huge plan',
        json('POST', submitPath('acme'), { requestedBy: 'adam', changes: { plan } }),
      ]),
      // Bad ids in the path, on every route.
      fc
        .tuple(badId, fc.constantFrom('subscription', 'change-requests', 'submit'))
        .map(([id, route]): [string, InjectOptions] =>
          route === 'submit'
            ? ['bad account id', json('POST', submitPath(id), { requestedBy: 'adam', changes: { seats: 8 } })]
            : [
                'bad account id',
                { method: 'GET', url: `/api/v1/accounts/${encodeURIComponent(id)}/${route}`, headers: auth },
              ],
        ),
      fc
        .tuple(badId, fc.constantFrom('', '/cancel', '/decision'))
        .map(([id, suffix]): [string, InjectOptions] =>
          suffix === ''
            ? [
                'bad request id',
                { method: 'GET', url: `${submitPath('acme')}/${encodeURIComponent(id)}`, headers: auth },
              ]
            : [
                'bad request id',
                json('POST', `${submitPath('acme')}/${encodeURIComponent(id)}${suffix}`, {
                  userId: 'adam',
                  approverId: 'bill',
                  decision: 'approve',
                }),
              ],
        ),
      // Malformed JSON.
      fc
        .string({ maxLength: 60 })
        .filter((s) => {
          try {
            JSON.parse(s);
            return false;
          } catch {
            return s.trim() !== '';
          }
        })
        .map((payload) => [
          'malformed JSON',
          {
            method: 'POST',
            url: submitPath('acme'),
            headers: { ...auth, 'content-type': 'application/json' },
            payload,
          },
        ]),
      // Wrong content types.
      fc
        .constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'text/html',
          'application/octet-stream',
          'image/png',
        )
        .map((type) => [
          `content type ${type}`,
          {
            method: 'POST',
            url: submitPath('acme'),
            headers: { ...auth, 'content-type': type },
            payload: JSON.stringify({ requestedBy: 'adam', changes: { seats: 8 } }),
          },
        ]),
      // Arrays (and other non-objects) instead of objects, for every body.
      fc
        .tuple(notAnObject, fc.constantFrom(submitPath('acme'), `${pending}/cancel`, `${pending}/decision`))
        .map(([body, url]): MalformedCase => ['non-object body', json('POST', url, body), ['body']]),
      fc
        .constantFrom<object>(
          { requestedBy: 'adam', changes: { addOns: ['sso'] } },
          { requestedBy: 'adam', changes: { addOns: { add: 'sso' } } },
          { requestedBy: 'adam', changes: { addProduct: ['campaigns', 'starter'] } },
          { requestedBy: ['adam'], changes: { seats: 8 } },
        )
        .map((body) => ['array for object', json('POST', submitPath('acme'), body)]),
      // Decisions and cancellations with bad bodies, to the pending request.
      fc
        .record({
          approverId: fc.oneof(validId, notAString, badId),
          decision: fc.oneof(fc.constantFrom('yes', 'APPROVE', '', 'approved'), notAString),
          reason: fc.oneof(fc.string({ maxLength: 10 }), huge),
        })
        .map((body): MalformedCase => [
          'bad decision',
          json('POST', `${pending}/decision`, body),
          [
            ...(isValidId(body.approverId) ? [] : ['approverId']),
            'decision',
            ...(isTooLong(body.reason) ? ['reason'] : []),
          ],
        ]),
      fc
        .record({ approverId: validId, decision: fc.constant('reject') })
        .map((body): MalformedCase => [
          'reject without reason',
          json('POST', `${pending}/decision`, body),
          ['reason'],
        ]),
      fc
        .record({ userId: fc.oneof(notAString, badId), reason: fc.oneof(notAString, huge) })
        .map((body): MalformedCase => [
          'bad cancel',
          json('POST', `${pending}/cancel`, body),
          ['userId', 'reason'],
        ]),
      fc
        .tuple(
          unknownKey.filter((k) => !['userId', 'reason'].includes(k)),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([key, value]): MalformedCase => [
          'unknown cancel field',
          // adam is the requester: without the check for unknown fields this would cancel the request.
          json('POST', `${pending}/cancel`, { userId: 'adam', [key]: value }),
          [key],
        ]),
      // Bad query strings.
      fc
        .string({ maxLength: 20 })
        .filter((s) => !(listedStates as readonly string[]).includes(s))
        .map((status) => [
          'bad status filter',
          { method: 'GET', url: `${submitPath('acme')}?status=${encodeURIComponent(status)}`, headers: auth },
        ]),
      // Wrong or missing credentials (otherwise valid requests).
      fc
        .oneof(
          fc.constant(undefined),
          fc.string({ maxLength: 40 }),
          fc.constant(`Bearer ${TOKEN}x`),
          fc.constant(TOKEN),
        )
        .map((authorization) => [
          'bad credentials',
          {
            method: 'GET',
            url: '/api/v1/accounts/acme/subscription',
            headers: authorization === undefined ? {} : { authorization },
          },
        ]),
      // Unknown routes and methods under the API.
      fc
        .tuple(
          fc.constantFrom('PUT', 'DELETE', 'PATCH'),
          fc.constantFrom(submitPath('acme'), '/api/v1/nope', '/api/v2/x'),
        )
        .map(([method, url]) => ['unknown route', { method: method as 'PUT', url, headers: auth }]),
    )
    .map((c) => c as MalformedCase); // the branches build plain arrays
};

describe('web: malformed API requests (fast-check)', function () {
  this.timeout(180_000);
  let stack: TestStack;
  let server: FastifyInstance;

  before(async () => {
    stack = await startTestStack();
    server = buildWebServer({
      client: stack.client,
      accounts: stack.store,
      linkSecret: stack.deps.links.secret,
      apiToken: TOKEN,
      publicUrl: 'http://127.0.0.1:9',
      rateLimit: { max: 1_000_000, timeWindowMs: 60_000 },
    });
    await server.ready();
  });
  after(async () => {
    await server?.close();
    await stack?.stop();
  });

  it('answers every one with a 4xx JSON error, never a 5xx; a bad body to a real request with 400 naming the field', async () => {
    const { requestId: pendingId } = await stack.client.submitChangeRequest({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { seats: 6 },
    });
    const seen = new Map<string, number>();
    let bodyChecks = 0;
    await fc.assert(
      fc.asyncProperty(malformedRequests(pendingId), async ([kind, request, fields]) => {
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        const response = await server.inject(request);
        const url = typeof request.url === 'string' ? request.url : JSON.stringify(request.url);
        const label = `${kind}: ${request.method} ${url} -> ${response.statusCode} ${response.body.slice(0, 200)}`;
        expect(response.statusCode, label).to.be.within(400, 499);
        expect(response.headers['content-type'], label).to.match(/^application\/json/);
        const body = response.json<{
          error?: { message?: unknown; code?: unknown; problems?: Array<{ field: string; message: string }> };
        }>();
        expect(body.error?.message, label).to.be.a('string');
        expect((body.error?.message as string).length, label).to.be.greaterThan(0);
        expect(body.error?.code, label).to.be.a('string');
        expect(response.body, label).to.not.match(/\n\s+at |node_modules|\.ts:\d+/);
        if (fields) {
          // Too large for the body limit is a 413 before any field is looked at.
          if (response.statusCode === 413) return;
          expect(response.statusCode, label).to.equal(400);
          expect([...new Set((body.error?.problems ?? []).map((p) => p.field))].sort(), label).to.deep.equal(
            [...new Set(fields)].sort(),
          );
          for (const problem of body.error?.problems ?? [])
            expect(problem.message, label).to.be.a('string').with.length.greaterThan(0);
          bodyChecks += 1;
        }
      }),
      { numRuns: 400 },
    );
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    expect(total).to.be.greaterThanOrEqual(400);
    expect(seen.size, [...seen.keys()].join(', ')).to.be.greaterThanOrEqual(20);
    expect(bodyChecks, 'enough bad bodies reached the pending request to mean something').to.be.above(30);
    // None of them decided or withdrew it.
    const view = await stack.client.getStatus('acme', pendingId);
    expect(view.state).to.equal('pending_approval');
    expect(view.decision).to.equal(undefined);
    await stack.client.cancel('acme', pendingId, { userId: 'adam', channel: 'api' });
  });

  it('answers raw bodies over 64 KiB with 413 JSON', async () => {
    const response = await server.inject({
      method: 'POST',
      url: submitPath('acme'),
      headers: { ...auth, 'content-type': 'application/json' },
      payload: `{"requestedBy":"adam","changes":{"seats":8},"note":"${'y'.repeat(70_000)}"}`,
    });
    expect(response.statusCode).to.equal(413);
    expect(response.json<{ error: { code: string } }>().error.code).to.equal('BODY_TOO_LARGE');
  });
});
