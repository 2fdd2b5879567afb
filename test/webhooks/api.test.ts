// The webhook endpoints of the HTTP API against the real web server and store, with the dispatcher
// delivering to a real receiver: register, list, deliveries, redeliver one event and everything
// failed since a time, rotate, remove; and the 400s and 404s.
import { expect } from 'chai';
import {
  insertRequestEvents,
  openBillingStore,
  type KyselyBillingStore,
} from '../../activities/store/index.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../activities/store/types.js';
import type { WebhookDispatcher } from '../../activities/webhooks/dispatcher.js';
import { startWebStack, API_TOKEN, type WebStack } from '../web/web-stack.js';
import { startWebhookReceiver, type WebhookReceiver } from '../setup/webhook-receiver.js';
import { waitUntil } from '../setup/wait.js';
import { dispatcher, newRequestId, requestEvents, testConfig } from './fixtures.js';

describe('webhook endpoints through the HTTP API', function () {
  this.timeout(120_000);
  let web: WebStack;
  let store: KyselyBillingStore;
  let receiver: WebhookReceiver;
  let running: WebhookDispatcher | undefined;

  before(async () => {
    web = await startWebStack({
      stack: {
        store: async (dataDir) => {
          store = await openBillingStore({ dataDir });
          return store;
        },
      },
      web: { webhooks: { allowLoopback: true, secretOverlapMs: 3_600_000 } },
    });
    receiver = await startWebhookReceiver();
  });

  after(async () => {
    await running?.stop();
    await receiver?.close();
    await web?.stop();
  });

  const deliveriesOf = async (id: string) => {
    const { status, json } = await web.api('GET', `/api/v1/webhook-endpoints/${id}/deliveries`);
    expect(status).to.equal(200);
    return json.deliveries as WebhookDelivery[];
  };

  it('registers, lists without secrets, shows deliveries, redelivers, rotates and removes', async () => {
    const created = await web.api('POST', '/api/v1/webhook-endpoints', {
      url: receiver.url,
      description: 'billing sync',
    });
    expect(created.status).to.equal(201);
    const { id, secret } = created.json as { id: string; secret: string };
    expect(created.json).to.deep.include({ url: receiver.url, events: null, description: 'billing sync' });
    expect(secret).to.match(/^whsec_/);
    expect(Buffer.from(secret.slice(6), 'base64').length).to.be.at.least(24);
    receiver.secrets.push(secret);

    const listed = await web.api('GET', '/api/v1/webhook-endpoints');
    expect(listed.status).to.equal(200);
    const endpoints = listed.json.endpoints as WebhookEndpoint[];
    expect(endpoints.map((e) => e.id)).to.include(id);
    expect(JSON.stringify(listed.json)).not.to.include(secret.slice(6, 20));
    expect(endpoints.find((e) => e.id === id)).not.to.have.property('secret');

    // Every attempt fails and nothing is retried (a zero retry period): the deliveries die at once.
    const beforeFailures = new Date().toISOString();
    receiver.answer = () => 503;
    running = dispatcher(store, testConfig({ PLANGATE_WEBHOOK_RETRY_FOR: '0ms' }));
    const [first, second] = [newRequestId(), newRequestId()];
    await insertRequestEvents(store.db, requestEvents(first, ['submitted', 'approved']));
    await insertRequestEvents(store.db, requestEvents(second, ['submitted']));
    const dead = await waitUntil(
      async () => {
        const rows = await deliveriesOf(id);
        return rows.length === 3 && rows.every((d) => d.state === 'dead') && rows;
      },
      { what: 'three dead deliveries' },
    );
    // Newest first, with what support needs to see.
    expect(dead.map((d) => d.requestId)).to.deep.equal([second, first, first]);
    expect(dead[1]).to.include({ sequence: 2, type: 'change_request.approved' });
    for (const row of dead) {
      expect(row).to.include({ attempts: 1, lastStatus: 503, lastError: 'http_status', nextAttemptAt: null });
      expect(row.latencyMs).to.be.a('number');
    }

    // One event again.
    receiver.answer = () => 200;
    const one = dead[0]!;
    const redelivered = await web.api(
      'POST',
      `/api/v1/webhook-endpoints/${id}/deliveries/${one.eventId}/redeliver`,
    );
    expect(redelivered.status).to.equal(202);
    expect(redelivered.json).to.include({ eventId: one.eventId, state: 'pending' });
    await receiver.waitFor('the redelivered event', (r) => r.delivered().some((e) => e.id === one.eventId));
    const afterOne = await deliveriesOf(id);
    expect(afterOne.find((d) => d.eventId === one.eventId)).to.include({ state: 'delivered', attempts: 2 });

    // Everything that failed since a time: nothing after now, the two others since before.
    const none = await web.api('POST', `/api/v1/webhook-endpoints/${id}/redeliver-failed`, {
      since: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(none.status).to.equal(202);
    expect(none.json).to.include({ redelivered: 0 });
    const all = await web.api('POST', `/api/v1/webhook-endpoints/${id}/redeliver-failed`, {
      since: beforeFailures,
    });
    expect(all.json).to.include({ redelivered: 2 });
    await receiver.waitFor('all three events', (r) => r.delivered().length === 3);
    // The first request's events came in order: its approval waited for its submission.
    const ofFirst = receiver.delivered().filter((e) => e.data.requestId === first);
    expect(ofFirst.map((e) => e.data.sequence)).to.deep.equal([1, 2]);

    // Rotation: both secrets sign for the overlap.
    const rotated = await web.api('POST', `/api/v1/webhook-endpoints/${id}/rotate-secret`);
    expect(rotated.status).to.equal(200);
    const newSecret = rotated.json.secret as string;
    expect(newSecret)
      .to.match(/^whsec_/)
      .and.not.equal(secret);
    expect(Date.parse(rotated.json.previousSecretExpiresAt as string)).to.be.greaterThan(
      Date.now() + 3_500_000,
    );
    receiver.secrets = [secret, newSecret];
    const third = newRequestId();
    await insertRequestEvents(store.db, requestEvents(third, ['submitted']));
    await receiver.waitFor('an event after the rotation', (r) =>
      r.received.some((w) => w.event.data.requestId === third),
    );
    expect(receiver.received.find((w) => w.event.data.requestId === third)!.verifiedWith).to.deep.equal([
      0, 1,
    ]);

    const removed = await web.api('DELETE', `/api/v1/webhook-endpoints/${id}`);
    expect(removed.status).to.equal(204);
    expect((await web.api('GET', `/api/v1/webhook-endpoints/${id}/deliveries`)).status).to.equal(404);
    expect((await web.api('DELETE', `/api/v1/webhook-endpoints/${id}`)).status).to.equal(404);
    const afterRemoval = (await web.api('GET', '/api/v1/webhook-endpoints')).json
      .endpoints as WebhookEndpoint[];
    expect(afterRemoval.map((e) => e.id)).not.to.include(id);
  });

  it('answers 400 naming the field for bad registrations', async () => {
    const refused = async (body: unknown) => {
      const { status, json } = await web.api('POST', '/api/v1/webhook-endpoints', body);
      expect(status, JSON.stringify(body)).to.equal(400);
      expect(json.error?.code).to.equal('INVALID_INPUT');
      return json.error!.problems!;
    };
    const fieldOf = async (body: unknown) => (await refused(body)).map((p) => p.field);
    expect(await fieldOf({ url: 'not a url' })).to.deep.equal(['url']);
    expect(await fieldOf({ url: 'ftp://hooks.example.com/' })).to.deep.equal(['url']);
    expect(await fieldOf({ url: 'http://hooks.example.com/' })).to.deep.equal(['url']);
    for (const url of [
      'https://10.0.0.1/hooks',
      'https://192.168.1.10/hooks',
      'https://169.254.169.254/latest/meta-data/',
      'https://[fd00:ec2::254]/',
      'https://[::ffff:10.0.0.1]/',
      'https://100.64.1.1/',
      'https://[fe80::1]/',
      'https://224.0.0.1/',
    ]) {
      const problems = await refused({ url });
      expect(problems[0], url).to.include({ field: 'url' });
      expect(problems[0]!.message, url).to.match(/may not point at/);
    }
    const unknownType = await refused({
      url: 'https://hooks.example.com/',
      events: ['change_request.exploded'],
    });
    expect(unknownType).to.have.length(1);
    expect(unknownType[0]!.field).to.equal('events[0]');
    expect(unknownType[0]!.message).to.match(/must be one of change_request\.submitted, /);
    expect(await fieldOf({ url: 'https://hooks.example.com/', events: [] })).to.deep.equal(['events']);
    expect(await fieldOf({ url: 'https://hooks.example.com/', description: 'x'.repeat(501) })).to.deep.equal([
      'description',
    ]);
    expect(await fieldOf({})).to.deep.equal(['url']);
    expect(await fieldOf({ url: 'https://hooks.example.com/', secret: 'whsec_mine' })).to.deep.equal([
      'secret',
    ]);
    expect(await fieldOf([1])).to.deep.equal(['body']);
    const redeliverFailed = await web.api('POST', '/api/v1/webhook-endpoints/we_unknown/redeliver-failed', {
      since: 'yesterday',
    });
    expect(redeliverFailed.status).to.equal(400);
    expect(redeliverFailed.json.error?.problems?.[0]?.field).to.equal('since');
    const limit = await web.api('GET', '/api/v1/webhook-endpoints/we_unknown/deliveries?limit=0');
    expect(limit.status).to.equal(400);
    expect(limit.json.error?.problems?.[0]?.field).to.equal('limit');
  });

  it('answers 404 for an unknown endpoint or event, 400 for a malformed id, 401 without the token', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/webhook-endpoints/we_unknown'],
      ['DELETE', '/api/v1/webhook-endpoints/we_unknown'],
      ['POST', '/api/v1/webhook-endpoints/we_unknown/rotate-secret'],
      ['POST', '/api/v1/webhook-endpoints/we_unknown/enable'],
      ['GET', '/api/v1/webhook-endpoints/we_unknown/deliveries'],
      ['POST', '/api/v1/webhook-endpoints/we_unknown/deliveries/evt_x_1/redeliver'],
    ] as const) {
      const { status, json } = await web.api(method, path);
      expect(status, `${method} ${path}`).to.equal(404);
      expect(json.error?.code).to.equal('WEBHOOK_ENDPOINT_NOT_FOUND');
    }
    const redeliverFailed = await web.api('POST', '/api/v1/webhook-endpoints/we_unknown/redeliver-failed', {
      since: new Date().toISOString(),
    });
    expect(redeliverFailed.status).to.equal(404);

    const { json } = await web.api('POST', '/api/v1/webhook-endpoints', {
      url: 'https://hooks.example.com/x',
    });
    const id = json.id as string;
    const event = await web.api('POST', `/api/v1/webhook-endpoints/${id}/deliveries/evt_nothing_1/redeliver`);
    expect(event.status).to.equal(404);
    expect(event.json.error?.code).to.equal('WEBHOOK_EVENT_NOT_FOUND');
    const malformed = await web.api(
      'GET',
      `/api/v1/webhook-endpoints/${encodeURIComponent('we x')}/deliveries`,
    );
    expect(malformed.status).to.equal(400);
    expect(malformed.json.error?.problems?.[0]?.field).to.equal('id');
    await web.api('DELETE', `/api/v1/webhook-endpoints/${id}`);

    const anonymous = await fetch(`${web.url}/api/v1/webhook-endpoints`);
    expect(anonymous.status).to.equal(401);
    const wrong = await fetch(`${web.url}/api/v1/webhook-endpoints`, {
      headers: { authorization: `Bearer ${API_TOKEN}x` },
    });
    expect(wrong.status).to.equal(401);
  });
});
