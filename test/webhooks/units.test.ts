// The pure parts of webhooks: address rules, URL rules, backoff, configuration, signatures.
import { expect } from 'chai';
import { Webhook } from 'standardwebhooks';
import { nextAttemptAt, retryDelayMs, MAX_RETRY_DELAY_MS } from '../../activities/webhooks/backoff.js';
import { parseDuration } from '../../config/duration.js';
import { webhookConfigFromEnv } from './fixtures.js';
import {
  addressRefusal,
  checkEndpointUrl,
  guardedLookup,
  parseEndpointUrl,
} from '../../activities/webhooks/endpoint-url.js';
import {
  eventPayload,
  newWebhookSecret,
  secretsInForce,
  signatureHeaders,
} from '../../activities/webhooks/signing.js';
import { newRequestId, requestEvents } from './fixtures.js';

describe('webhooks: address rules', () => {
  const production = { allowLoopback: false };
  const dev = { allowLoopback: true };

  it('refuses private, link-local, CGNAT, unique-local, multicast, metadata and other special addresses', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '169.254.1.1',
      '100.64.0.1',
      '100.100.100.200',
      '192.0.0.192',
      '224.0.0.1',
      '255.255.255.255',
      '0.0.0.0',
      '198.18.0.1',
      'fd00:ec2::254',
      'fc00::1',
      'fe80::1',
      'ff02::1',
      '::',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a00:1',
      '2002:a00:1::',
    ]) {
      expect(addressRefusal(address, dev), address).to.be.a('string');
    }
  });

  it('allows public addresses, and loopback (IPv4, IPv6, IPv4-mapped) only in development', () => {
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111']) {
      expect(addressRefusal(address, production), address).to.equal(undefined);
    }
    for (const address of ['127.0.0.1', '127.5.5.5', '::1', '::ffff:127.0.0.1', '::127.0.0.1']) {
      expect(addressRefusal(address, production), address).to.match(/loopback/);
      expect(addressRefusal(address, dev), address).to.equal(undefined);
    }
  });

  it('checks URLs: https, or http to loopback in development; no credentials; literal addresses checked', () => {
    const problem = (url: string, rules = production) => {
      const result = parseEndpointUrl(url, rules);
      return 'problem' in result ? result.problem : undefined;
    };
    expect(problem('https://hooks.example.com/plangate')).to.equal(undefined);
    expect(problem('not a url')).to.match(/absolute URL/);
    expect(problem('ftp://hooks.example.com/')).to.match(/https, not ftp/);
    expect(problem('http://hooks.example.com/')).to.equal('must use https');
    expect(problem('http://hooks.example.com/', dev)).to.match(/http only to a loopback/);
    expect(problem('http://127.0.0.1:8080/hooks')).to.equal('must use https');
    expect(problem('http://127.0.0.1:8080/hooks', dev)).to.equal(undefined);
    expect(problem('http://localhost:8080/hooks', dev)).to.equal(undefined);
    expect(problem('http://[::1]:8080/hooks', dev)).to.equal(undefined);
    expect(problem('https://localhost/hooks')).to.match(/loopback name/);
    expect(problem('https://user:pw@hooks.example.com/')).to.match(/user name or password/);
    expect(problem('https://10.0.0.1/')).to.match(/private/);
    expect(problem('https://169.254.169.254/latest/meta-data')).to.match(/metadata/);
    expect(problem('https://[fd00:ec2::254]/')).to.match(/metadata/);
    expect(problem('https://[::ffff:a9fe:a9fe]/')).to.match(/metadata/);
    expect(problem('https://[::ffff:192.168.0.1]/', dev)).to.match(/private/);
    expect(problem(`https://example.com/${'a'.repeat(2100)}`)).to.match(/at most 2048/);
  });

  it('resolves names at registration and refuses one that points inside', async () => {
    const resolveTo = (address: string) => async () => [{ address, family: address.includes(':') ? 6 : 4 }];
    const check = (address: string) =>
      checkEndpointUrl('https://hooks.example.com/', production, resolveTo(address));
    expect(await check('93.184.215.14')).to.have.property('url');
    expect(await check('10.0.0.7')).to.deep.equal({
      problem: 'may not point at hooks.example.com: it resolves to a private address (10.0.0.7)',
    });
    const unresolvable = await checkEndpointUrl('https://nowhere.example/', production, async () => {
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    });
    expect(unresolvable).to.have.property('url');
  });

  it('refuses at connect time when any address of the answer is refused', async () => {
    let answer = [{ address: '93.184.215.14', family: 4 }];
    const lookup = guardedLookup(production, async () => answer);
    const call = () =>
      new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) =>
        lookup('hooks.example.com', {}, (error, address) => resolve({ error, address })),
      );
    expect(await call()).to.deep.include({ error: null, address: '93.184.215.14' });
    // The name was rebound to an internal address since it was registered.
    answer = [
      { address: '93.184.215.14', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    const refused = await call();
    expect(refused.error).to.have.property('code', 'EWEBHOOKREFUSEDADDRESS');
  });
});

describe('webhooks: backoff', () => {
  it('doubles from the base with jitter between half and all of it, capped at an hour', () => {
    expect(retryDelayMs(1, 5000, () => 0)).to.equal(2500);
    expect(retryDelayMs(1, 5000, () => 1)).to.equal(5000);
    expect(retryDelayMs(4, 5000, () => 1)).to.equal(40_000);
    expect(retryDelayMs(40, 5000, () => 1)).to.equal(MAX_RETRY_DELAY_MS);
    for (let attempts = 1; attempts < 30; attempts++) {
      const delay = retryDelayMs(attempts, 5000);
      const ceiling = Math.min(MAX_RETRY_DELAY_MS, 5000 * 2 ** (attempts - 1));
      expect(delay).to.be.within(ceiling / 2, ceiling);
    }
  });

  it('keeps retrying to the end of the retry period, then gives up', () => {
    const settings = { retryForMs: 24 * 3_600_000, retryBaseMs: 5000 };
    const windowStartedAt = '2026-03-01T00:00:00.000Z';
    const start = Date.parse(windowStartedAt);
    let at = new Date(start);
    let attempts = 0;
    for (;;) {
      attempts++;
      const next = nextAttemptAt({ at, windowStartedAt, failedAttempts: attempts }, settings);
      if (!next) break;
      expect(next.getTime()).to.be.greaterThan(at.getTime());
      at = next;
    }
    // The last attempt is at the end of the 24 hours, not before.
    expect(at.getTime()).to.equal(start + settings.retryForMs);
    expect(attempts).to.be.within(30, 55);
  });
});

describe('webhooks: configuration', () => {
  it('has the documented defaults', () => {
    expect(webhookConfigFromEnv({})).to.deep.equal({
      allowLoopback: false,
      retryForMs: 86_400_000,
      retryBaseMs: 5000,
      secretOverlapMs: 86_400_000,
      disableAfterMs: 3 * 86_400_000,
      timeoutMs: 10_000,
      pollIntervalMs: 1000,
      concurrency: 16,
    });
    expect(webhookConfigFromEnv({ PLANGATE_DEV: '1' }).allowLoopback).to.equal(true);
  });

  it('reads durations with units and names the variable when one is wrong', () => {
    expect(parseDuration('250ms')).to.equal(250);
    expect(parseDuration('90m')).to.equal(5_400_000);
    expect(() => webhookConfigFromEnv({ PLANGATE_WEBHOOK_RETRY_FOR: '24 hours' })).to.throw(
      /PLANGATE_WEBHOOK_RETRY_FOR must be a duration/,
    );
    expect(() => webhookConfigFromEnv({ PLANGATE_WEBHOOK_TIMEOUT: '0s' })).to.throw(
      /PLANGATE_WEBHOOK_TIMEOUT must be a duration above 0/,
    );
    expect(() => webhookConfigFromEnv({ PLANGATE_WEBHOOK_CONCURRENCY: '0' })).to.throw(
      /PLANGATE_WEBHOOK_CONCURRENCY must be a whole number/,
    );
  });
});

describe('webhooks: signatures', () => {
  const event = requestEvents(newRequestId(), ['submitted'])[0]!;

  it('makes whsec_ secrets of 32 random bytes', () => {
    const secret = newWebhookSecret();
    expect(secret).to.match(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).to.have.length(32);
    expect(newWebhookSecret()).not.to.equal(secret);
  });

  it('signs so that the standardwebhooks library verifies, with each secret in force', () => {
    const [a, b] = [newWebhookSecret(), newWebhookSecret()];
    const body = eventPayload(event);
    const headers = signatureHeaders(event.id, body, [a, b], new Date());
    expect(headers['webhook-id']).to.equal(event.id);
    expect(headers['webhook-signature'].split(' ')).to.have.length(2);
    expect(new Webhook(a).verify(body, headers)).to.deep.equal(JSON.parse(body));
    expect(new Webhook(b).verify(body, headers)).to.deep.equal(JSON.parse(body));
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).to.throw(/No matching signature/);
    expect(() => new Webhook(a).verify(body.replace('acme', 'acmf'), headers)).to.throw();
  });

  it('uses the previous secret only until its overlap ends', () => {
    const secrets = {
      secret: 'whsec_new',
      previousSecret: 'whsec_old',
      previousSecretExpiresAt: '2026-03-02T00:00:00Z',
    };
    expect(secretsInForce(secrets, new Date('2026-03-01T23:59:59Z'))).to.deep.equal([
      'whsec_new',
      'whsec_old',
    ]);
    expect(secretsInForce(secrets, new Date('2026-03-02T00:00:00Z'))).to.deep.equal(['whsec_new']);
  });

  it('sends the event with its fields in the documented order', () => {
    const shuffled = {
      data: { sequence: 1, state: event.data.state, requestId: event.data.requestId, accountId: 'acme' },
      createdAt: event.createdAt,
      type: event.type,
      id: event.id,
    };
    const payload = JSON.parse(eventPayload(shuffled)) as Record<string, Record<string, unknown>>;
    expect(Object.keys(payload)).to.deep.equal(['id', 'type', 'createdAt', 'data']);
    expect(Object.keys(payload.data!)).to.deep.equal(['accountId', 'requestId', 'state', 'sequence']);
  });
});
