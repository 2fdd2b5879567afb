// Webhook delivery through the real parts: events inserted with insertRequestEvents (as the workflow
// does), the dispatcher, and a real HTTP receiver on loopback verifying every signature with the
// standardwebhooks library. On PGlite and on PostgreSQL.
import { expect } from 'chai';
import { insertRequestEvents, type KyselyBillingStore } from '../../activities/store/index.js';
import type { RequestEvent } from '../../activities/store/event-types.js';
import type { WebhookDispatcher } from '../../activities/webhooks/dispatcher.js';
import { WebhookEndpoints } from '../../client/webhook-endpoints.js';
import { startWebhookReceiver, type WebhookReceiver } from '../setup/webhook-receiver.js';
import { waitUntil } from '../setup/wait.js';
import {
  dispatcher,
  memoryLogger,
  newRequestId,
  pgliteBackend,
  postgresBackend,
  requestEvents,
  testConfig,
  type Backend,
} from './fixtures.js';

const sequences = (events: RequestEvent[], requestId: string) =>
  events.filter((e) => e.data.requestId === requestId).map((e) => e.data.sequence);

for (const makeBackend of [pgliteBackend, postgresBackend]) {
  describe(`webhook delivery (${makeBackend === pgliteBackend ? 'PGlite' : 'PostgreSQL'})`, function () {
    this.timeout(60_000);
    let backend: Backend;
    let store: KyselyBillingStore;
    let endpoints: WebhookEndpoints;
    let receiver: WebhookReceiver;
    let running: WebhookDispatcher | undefined;
    const overlap = { ms: 24 * 3_600_000 };

    before(async () => {
      backend = await makeBackend();
      store = await backend.open();
      endpoints = new WebhookEndpoints(store, {
        allowLoopback: true,
        get secretOverlapMs() {
          return overlap.ms;
        },
      });
    });

    beforeEach(async () => {
      receiver = await startWebhookReceiver();
    });

    afterEach(async () => {
      await running?.stop();
      running = undefined;
      await receiver.close();
      for (const endpoint of await endpoints.list()) await endpoints.remove(endpoint.id);
    });

    after(async () => {
      await store?.close();
      await backend?.cleanup();
    });

    async function register(url = receiver.url, extra: Record<string, unknown> = {}) {
      const created = await endpoints.add({ url, ...extra });
      receiver.secrets.push(created.secret);
      return created;
    }

    it('delivers every inserted event once per endpoint, signed, in sequence order per request', async () => {
      const endpoint = await register();
      const [a, b] = [newRequestId(), newRequestId()];
      const ofA = requestEvents(a, ['submitted', 'approval_recorded', 'approved', 'applied']);
      const ofB = requestEvents(b, ['submitted', 'rejected']);
      // One insert per transition, interleaved across requests, as two workflows would write them...
      for (let i = 0; i < ofA.length; i++) {
        await insertRequestEvents(store.db, [ofA[i]!]);
        if (ofB[i]) await insertRequestEvents(store.db, [ofB[i]!]);
      }
      // ...and an activity retry and a replay insert them all again: nothing new is queued.
      await store.insertRequestEvents([...ofA, ...ofB]);
      await store.db.transaction().execute((tx) => insertRequestEvents(tx, ofB));

      running = dispatcher(store, testConfig());
      await receiver.waitFor('six events', (r) => r.delivered().length === 6);

      expect(receiver.requests.every((r) => r.verified)).to.equal(true);
      expect(sequences(receiver.delivered(), a)).to.deep.equal([1, 2, 3, 4]);
      expect(sequences(receiver.delivered(), b)).to.deep.equal([1, 2]);
      for (const received of receiver.received) {
        expect(received.id).to.equal(received.event.id);
        expect(received.event.data.accountId).to.equal('acme');
        expect(received.signature).to.match(/^v1,[A-Za-z0-9+/=]+$/);
      }
      const applied = receiver.received.find((r) => r.event.type === 'change_request.applied')!;
      expect(Object.keys(applied.event)).to.deep.equal(['id', 'type', 'createdAt', 'data']);
      expect(applied.event.data).to.deep.include({ requestId: a, state: 'applied', sequence: 4 });

      const deliveries = await endpoints.deliveries(endpoint.id);
      expect(deliveries).to.have.length(6);
      expect(
        deliveries.every((d) => d.state === 'delivered' && d.attempts === 1 && d.lastStatus === 200),
      ).to.equal(true);
      expect(receiver.requests).to.have.length(6);
    });

    it('fans out only to enabled endpoints subscribed to the type (no list: all types)', async () => {
      const all = await register();
      const onlyApplied = await register(receiver.url.replace('/hooks', '/applied'), {
        events: ['change_request.applied'],
      });
      const request = newRequestId();
      await insertRequestEvents(store.db, requestEvents(request, ['submitted', 'approved', 'applied']));
      expect((await endpoints.deliveries(all.id)).map((d) => d.sequence)).to.have.members([1, 2, 3]);
      expect((await endpoints.deliveries(onlyApplied.id)).map((d) => d.type)).to.deep.equal([
        'change_request.applied',
      ]);
    });

    it('retries a failing receiver with backoff: same webhook-id each time, later events wait their turn', async () => {
      await register();
      const request = newRequestId();
      const events = requestEvents(request, ['submitted', 'approved', 'applied']);
      // The receiver fails the first three attempts of every event, then accepts.
      receiver.answer = ({ n }) => (n <= 3 ? 500 : 200);
      await insertRequestEvents(store.db, events);
      running = dispatcher(store, testConfig());
      await receiver.waitFor('three events', (r) => r.delivered().length === 3);

      expect(sequences(receiver.delivered(), request)).to.deep.equal([1, 2, 3]);
      // Arrival order of all attempts: 1,1,1,1 then 2,2,2,2 then 3,3,3,3: event 2 never went out
      // while event 1 was still failing.
      expect(receiver.received.map((r) => r.event.data.sequence)).to.deep.equal([
        1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
      ]);
      for (const event of events) {
        const attempts = receiver.received.filter((r) => r.event.id === event.id);
        expect(new Set(attempts.map((r) => r.id))).to.deep.equal(new Set([event.id]));
        expect(new Set(attempts.map((r) => r.body)).size).to.equal(1);
      }
    });

    it('signs with both secrets during a rotation, and only with the new one after it', async () => {
      const endpoint = await register();
      const [oldSecret] = receiver.secrets;
      overlap.ms = 24 * 3_600_000;
      const { secret: newSecret, previousSecretExpiresAt } = await endpoints.rotateSecret(endpoint.id);
      expect(Date.parse(previousSecretExpiresAt)).to.be.greaterThan(Date.now() + 23 * 3_600_000);
      receiver.secrets = [oldSecret!, newSecret];
      running = dispatcher(store, testConfig());
      const during = newRequestId();
      await insertRequestEvents(store.db, requestEvents(during, ['submitted']));
      await receiver.waitFor('the event during the overlap', (r) => r.delivered().length === 1);
      const first = receiver.received[0]!;
      expect(first.verifiedWith).to.deep.equal([0, 1]);
      expect(first.signature.split(' ')).to.have.length(2);

      // A rotation without overlap: the previous secret stops signing at once.
      overlap.ms = 0;
      const { secret: newest } = await endpoints.rotateSecret(endpoint.id);
      receiver.secrets = [newSecret, newest];
      const after = newRequestId();
      await insertRequestEvents(store.db, requestEvents(after, ['submitted']));
      await receiver.waitFor('the event after the overlap', (r) => r.delivered().length === 2);
      const second = receiver.received.find((r) => r.event.data.requestId === after)!;
      expect(second.verifiedWith).to.deep.equal([1]);
      expect(second.signature.split(' ')).to.have.length(1);
    });

    it('cuts a hanging receiver at the timeout while other endpoints get their events', async () => {
      const hanging = await startWebhookReceiver();
      try {
        hanging.answer = () => 'hang';
        const slow = await endpoints.add({ url: hanging.url });
        hanging.secrets.push(slow.secret);
        await register();
        const log = memoryLogger();
        const config = testConfig({ PLANGATE_WEBHOOK_TIMEOUT: '1500ms', PLANGATE_WEBHOOK_RETRY_BASE: '10s' });
        running = dispatcher(store, config, { logger: log.logger });
        const requests = [newRequestId(), newRequestId(), newRequestId()];
        for (const request of requests)
          await insertRequestEvents(store.db, requestEvents(request, ['submitted', 'approved']));

        await receiver.waitFor('all six events at the healthy endpoint', (r) => r.delivered().length === 6);
        // The hanging endpoint got the first event of each request and is still holding them.
        expect(hanging.received.map((r) => r.event.data.sequence)).to.deep.equal([1, 1, 1]);
        const cut = await waitUntil(
          async () => {
            const rows = await endpoints.deliveries(slow.id);
            const failed = rows.filter((d) => d.state === 'failed');
            return failed.length === 3 && failed;
          },
          { what: 'the hanging attempts to be cut' },
        );
        for (const delivery of cut) {
          expect(delivery.lastError).to.equal('timeout');
          expect(delivery.latencyMs)
            .to.be.at.least(1500)
            .and.below(1500 + 1000);
        }
        await waitUntil(() => log.lines().filter((line) => line.errorClass === 'timeout').length === 3, {
          what: 'three timeouts in the log',
        });
      } finally {
        await running?.stop();
        running = undefined;
        await hanging.close();
      }
    });

    it('refuses at connect time a name that resolves to loopback unless PLANGATE_DEV is set', async () => {
      // Registered in development; then a production dispatcher (no PLANGATE_DEV) meets it.
      const endpoint = await register(`http://localhost:${receiver.port}/hooks`);
      const log = memoryLogger();
      running = dispatcher(store, testConfig({ PLANGATE_DEV: '0', PLANGATE_WEBHOOK_RETRY_BASE: '1h' }), {
        logger: log.logger,
      });
      const [event] = requestEvents(newRequestId(), ['submitted']);
      await insertRequestEvents(store.db, [event!]);
      const [row] = await waitUntil(
        async () => {
          const rows = await endpoints.deliveries(endpoint.id);
          return rows[0]?.state === 'failed' && rows;
        },
        { what: 'the refused attempt' },
      );
      expect(row).to.include({ lastError: 'refused_address', lastStatus: null });
      expect(receiver.requests).to.have.length(0);
      await waitUntil(() => log.lines().some((line) => line.errorClass === 'refused_address'), {
        what: 'the refusal in the log',
      });
      // The same endpoint in development: delivered.
      await running.stop();
      running = dispatcher(store, testConfig());
      await endpoints.redeliver(endpoint.id, event!.id);
      await receiver.waitFor('the event in development', (r) => r.delivered().length === 1);
    });

    it('counts a redirect, a connection reset and an unknown host as failed attempts, logged by class without a body', async () => {
      const secretBody = 'SECRET-RESPONSE-BODY-7f3a';
      receiver.answer = ({ event }) =>
        event?.type === 'change_request.submitted'
          ? { status: 302, headers: { location: 'https://example.com/' }, body: secretBody }
          : 'reset';
      const endpoint = await register();
      // Registered while the name does not resolve: accepted, and checked again at each connect.
      const unknown = await endpoints.add({ url: 'https://unknown-host.invalid/hooks' });
      const log = memoryLogger();
      running = dispatcher(store, testConfig({ PLANGATE_WEBHOOK_RETRY_BASE: '1h' }), { logger: log.logger });
      const submitted = newRequestId();
      const cancelled = newRequestId();
      await insertRequestEvents(store.db, requestEvents(submitted, ['submitted']));
      await insertRequestEvents(store.db, requestEvents(cancelled, ['cancelled']));
      const rows = await waitUntil(
        async () => {
          const own = await endpoints.deliveries(endpoint.id);
          const other = await endpoints.deliveries(unknown.id);
          const all = [...own, ...other];
          return all.length === 4 && all.every((d) => d.state === 'failed') && { own, other };
        },
        { what: 'every first attempt to fail' },
      );
      const classOf = (type: string) => rows.own.find((d) => d.type === type)!;
      expect(classOf('change_request.submitted')).to.include({ lastStatus: 302, lastError: 'redirect' });
      expect(classOf('change_request.cancelled')).to.include({
        lastStatus: null,
        lastError: 'connection_reset',
      });
      expect(rows.other.map((d) => d.lastError)).to.deep.equal(['dns', 'dns']);
      // Not followed: the redirect target would be another request to the receiver's location.
      expect(receiver.requests).to.have.length(2);
      await waitUntil(
        () => {
          const classes = new Set(log.lines().map((line) => line.errorClass));
          return ['redirect', 'connection_reset', 'dns'].every((c) => classes.has(c));
        },
        { what: 'every class in the log' },
      );
      expect(log.text()).not.to.include(secretBody);
    });
  });
}
