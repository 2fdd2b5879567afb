// An endpoint whose every attempt fails for the configured period is disabled, its queued
// deliveries are given up, support gets one email at the real SMTP sink, and after it is enabled
// again the failed deliveries can be sent once more.
import { expect } from 'chai';
import { createMailSender, startDevSmtpSink, type DevSmtpSink } from '../../activities/mailer/index.js';
import { insertRequestEvents, type KyselyBillingStore } from '../../activities/store/index.js';
import type { WebhookDispatcher } from '../../activities/webhooks/dispatcher.js';
import { WebhookEndpoints } from '../../client/webhook-endpoints.js';
import { startWebhookReceiver, type WebhookReceiver } from '../setup/webhook-receiver.js';
import { waitUntil } from '../setup/wait.js';
import {
  dispatcher,
  newRequestId,
  postgresBackend,
  requestEvents,
  testConfig,
  type Backend,
} from './fixtures.js';

describe('webhook endpoint disabled after failing for the configured period', function () {
  this.timeout(60_000);
  let backend: Backend;
  let store: KyselyBillingStore;
  let sink: DevSmtpSink;
  let receiver: WebhookReceiver;
  let running: WebhookDispatcher | undefined;

  before(async () => {
    backend = await postgresBackend();
    store = await backend.open();
    sink = await startDevSmtpSink({ port: 0 });
    receiver = await startWebhookReceiver();
  });

  after(async () => {
    await running?.stop();
    await receiver?.close();
    await sink?.stop();
    await store?.close();
    await backend?.cleanup();
  });

  it('disables the endpoint, gives up its deliveries and tells support once', async () => {
    const endpoints = new WebhookEndpoints(store, { allowLoopback: true, secretOverlapMs: 0 });
    const endpoint = await endpoints.add({ url: receiver.url, description: 'ERP sync' });
    receiver.secrets.push(endpoint.secret);
    receiver.answer = () => 500;
    const mail = createMailSender({
      smtpUrl: sink.url,
      from: 'Plangate <plangate@test.example>',
      store,
      publicMessageIdDomain: 'test.example',
    });
    running = dispatcher(
      store,
      testConfig({ PLANGATE_WEBHOOK_DISABLE_AFTER: '1s', PLANGATE_WEBHOOK_RETRY_BASE: '100ms' }),
      { mail, supportEmail: 'support@test.example' },
    );
    const startedFailing = new Date().toISOString();
    const [a, b] = [newRequestId(), newRequestId()];
    await insertRequestEvents(store.db, requestEvents(a, ['submitted', 'approved']));
    await insertRequestEvents(store.db, requestEvents(b, ['submitted']));

    const disabled = await waitUntil(
      async () => {
        const current = await endpoints.get(endpoint.id);
        return !current.enabled && current;
      },
      { what: 'the endpoint to be disabled' },
    );
    expect(disabled.disabledAt).to.be.a('string');
    expect(Date.parse(disabled.disabledAt!) - Date.parse(disabled.failingSince!)).to.be.at.least(1000);
    expect(disabled.disabledReason).to.match(/http_status/);
    // Everything it had queued is given up; nothing is attempted any more.
    const rows = await waitUntil(
      async () => {
        const list = await endpoints.deliveries(endpoint.id);
        return list.every((d) => d.state === 'dead') && list;
      },
      { what: 'no delivery left in flight' },
    );
    expect(rows).to.have.length(3);
    const attemptsSoFar = receiver.requests.length;

    const notice = await sink.waitFor(
      (m) => m.headers['x-plangate-kind'] === 'webhook_disabled:1' && m.to.includes('support@test.example'),
      20_000,
    );
    expect(notice.subject).to.equal(`Webhook endpoint disabled: ${endpoint.id}`);
    expect(notice.text).to.include(receiver.url).and.include('ERP sync').and.include('http_status');
    expect(notice.text).to.include(`plangate webhooks enable ${endpoint.id}`);
    expect(notice.html).to.include('<p>');

    // While disabled, new events are not queued for it, and redelivery is refused.
    const c = newRequestId();
    await insertRequestEvents(store.db, requestEvents(c, ['submitted']));
    expect((await endpoints.deliveries(endpoint.id)).map((d) => d.requestId)).not.to.include(c);
    try {
      await endpoints.redeliverFailed(endpoint.id, { since: startedFailing });
      expect.fail('redelivery to a disabled endpoint must be refused');
    } catch (error) {
      expect(error).to.have.property('code', 'WEBHOOK_ENDPOINT_DISABLED');
    }
    expect(receiver.requests.length).to.equal(attemptsSoFar);

    // Enabled again, with the receiver fixed: what it missed goes out, in order.
    receiver.answer = () => 200;
    await endpoints.enable(endpoint.id);
    expect(await endpoints.redeliverFailed(endpoint.id, { since: startedFailing })).to.include({
      redelivered: 3,
    });
    await receiver.waitFor('the three given-up events', (r) => r.delivered().length === 3);
    expect(
      receiver
        .delivered()
        .filter((e) => e.data.requestId === a)
        .map((e) => e.data.sequence),
    ).to.deep.equal([1, 2]);
    const healthy = await endpoints.get(endpoint.id);
    expect(healthy).to.include({ enabled: true, failingSince: null });
    // One email for one disabling.
    expect(
      sink.messages().filter((m) => m.headers['x-plangate-kind']?.startsWith('webhook_disabled')),
    ).to.have.length(1);
    mail.close();
  });
});
