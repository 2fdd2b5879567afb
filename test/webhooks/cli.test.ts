// `plangate webhooks` as a user runs it (the built CLI, a child process) against a PostgreSQL store,
// with a dispatcher delivering to a real receiver: add, list, deliveries, redeliver (one event, and
// everything failed since a time), rotate-secret, remove, and the refusals with their exit codes.
import { expect } from 'chai';
import { insertRequestEvents, type KyselyBillingStore } from '../../activities/store/index.js';
import type { WebhookDelivery, WebhookEndpoint } from '../../activities/store/types.js';
import type { WebhookDispatcher } from '../../activities/webhooks/dispatcher.js';
import { cleanEnv, expectOneErrorLine, runCli, type CliResult } from '../cli/run-cli.js';
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

describe('plangate webhooks', function () {
  this.timeout(120_000);
  let backend: Backend & { url: string };
  let store: KyselyBillingStore;
  let receiver: WebhookReceiver;
  let running: WebhookDispatcher | undefined;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    backend = await postgresBackend();
    store = await backend.open();
    receiver = await startWebhookReceiver();
    env = cleanEnv({ DATABASE_URL: backend.url, PLANGATE_DEV: '1' });
  });

  after(async () => {
    await running?.stop();
    await receiver?.close();
    await store?.close();
    await backend?.cleanup();
  });

  const cli = (...args: string[]) => runCli(['webhooks', ...args], env);
  const ok = (result: CliResult) => {
    expect(result.code, `exit code; stderr: ${result.stderr}`).to.equal(0);
    return result.stdout;
  };
  const json = <T>(result: CliResult) => JSON.parse(ok(result)) as T;

  it('adds, lists, shows deliveries, redelivers, rotates the secret and removes', async () => {
    const created = json<WebhookEndpoint & { secret: string }>(
      await cli('add', receiver.url, '--events', 'change_request.submitted,change_request.applied', '--json'),
    );
    expect(created.events).to.deep.equal(['change_request.submitted', 'change_request.applied']);
    receiver.secrets.push(created.secret);
    const text = ok(await cli('add', 'https://hooks.example.com/plangate', '--description', 'CRM'));
    expect(text).to.match(/Registered we_\w+ for https:\/\/hooks\.example\.com\/plangate/);
    expect(text).to.match(/Secret: +whsec_/);

    const table = ok(await cli('list'));
    expect(table).to.include(created.id).and.include('CRM').and.include('submitted');
    expect(table).not.to.include(created.secret);
    const listed = json<WebhookEndpoint[]>(await cli('list', '--json'));
    expect(listed.map((e) => e.id)).to.include(created.id);
    expect(JSON.stringify(listed)).not.to.include('whsec_');

    // Events fail once (given up at once: a zero retry period), then the receiver is fixed.
    const since = new Date().toISOString();
    receiver.answer = () => 500;
    running = dispatcher(store, testConfig({ PLANGATE_WEBHOOK_RETRY_FOR: '0ms' }));
    const request = newRequestId();
    const events = requestEvents(request, ['submitted', 'approved', 'applied']);
    await insertRequestEvents(store.db, events);
    await waitUntil(
      async () => {
        const rows = json<WebhookDelivery[]>(await cli('deliveries', created.id, '--json'));
        return rows.length === 2 && rows.every((d) => d.state === 'dead');
      },
      { what: 'two dead deliveries' },
    );
    const deliveries = ok(await cli('deliveries', created.id));
    expect(deliveries).to.match(/EVENT +TYPE +STATE +ATTEMPTS +LAST STATUS +LAST ERROR/);
    expect(deliveries).to.include(events[0]!.id).and.include('dead').and.include('http_status');
    // Subscribed to two types only: the approval is not there.
    expect(deliveries).not.to.include(events[1]!.id);

    receiver.answer = () => 200;
    expect(ok(await cli('redeliver', created.id, events[0]!.id))).to.include(`Queued ${events[0]!.id}`);
    await receiver.waitFor('the submitted event', (r) => r.delivered().length === 1);
    expect(ok(await cli('redeliver', created.id, '--failed-since', since))).to.match(
      /Queued 1 failed deliver/,
    );
    await receiver.waitFor('the applied event', (r) => r.delivered().length === 2);
    expect(receiver.delivered().map((e) => e.type)).to.deep.equal([
      'change_request.submitted',
      'change_request.applied',
    ]);
    expect(
      json<{ redelivered: number }>(await cli('redeliver', created.id, '--failed-since', '1h', '--json')),
    ).to.include({
      redelivered: 0,
    });

    const rotated = json<{ secret: string; previousSecretExpiresAt: string }>(
      await cli('rotate-secret', created.id, '--json'),
    );
    expect(rotated.secret)
      .to.match(/^whsec_/)
      .and.not.equal(created.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt)).to.be.greaterThan(Date.now() + 23 * 3_600_000);

    expect(ok(await cli('remove', created.id))).to.include(`Removed ${created.id}`);
    const gone = await cli('remove', created.id);
    expect(gone.code).to.equal(3);
    expect(expectOneErrorLine(gone)).to.include(`No webhook endpoint ${created.id}`);
  });

  it('refuses bad input naming the field, unknown endpoints with exit code 3', async () => {
    const refused = async (args: string[], pattern: RegExp, extraEnv: NodeJS.ProcessEnv = {}) => {
      const result = await runCli(['webhooks', ...args], { ...env, ...extraEnv });
      expect(result.code, result.stderr).to.equal(1);
      expect(expectOneErrorLine(result)).to.match(pattern);
    };
    await refused(['add', 'ftp://hooks.example.com/'], /url: must use https, not ftp/);
    await refused(['add', 'not-a-url'], /url: must be an absolute URL/);
    await refused(
      ['add', 'https://10.1.2.3/hooks'],
      /url: may not point at a private address \(10\.1\.2\.3\)/,
    );
    await refused(
      ['add', 'https://hooks.example.com/', '--events', 'change_request.nope'],
      /events\[0\]: must be one of/,
    );
    await refused(
      ['add', 'https://hooks.example.com/', '--description', 'x'.repeat(501)],
      /description: must be at most 500/,
    );
    // Without PLANGATE_DEV, loopback is refused.
    await refused(['add', receiver.url], /url: must use https/, { PLANGATE_DEV: '' });

    for (const args of [
      ['deliveries', 'we_nothing'],
      ['rotate-secret', 'we_nothing'],
      ['redeliver', 'we_nothing', 'evt_x_1'],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).to.equal(3);
      expect(expectOneErrorLine(result)).to.include('No webhook endpoint we_nothing');
    }
    const usage = await cli('redeliver', 'we_nothing');
    expect(usage.code).to.equal(2);
    expect(expectOneErrorLine(usage)).to.include('--failed-since');
    const badConfig = await runCli(['webhooks', 'list'], {
      ...env,
      PLANGATE_WEBHOOK_SECRET_OVERLAP: 'a day',
    });
    expect(badConfig.code).to.equal(1);
    expect(expectOneErrorLine(badConfig)).to.include('PLANGATE_WEBHOOK_SECRET_OVERLAP must be a duration');
  });
});
