// What the server does before it ever asks Temporal: logging without credentials, not-found
// answers in the caller's format, and headers on every page. No stack needed: the client is never
// reached on these paths (a stub that throws would show up as a 503).
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { buildWebServer } from '../../client/http/index.js';
import type { PlangateClient } from '../../client/plangate-client.js';
import { newNonce, signLinkToken } from '../../activities/mailer/index.js';

const unreachable = new Proxy({} as PlangateClient, {
  get() {
    throw new Error('the client must not be reached on this path');
  },
});

describe('web: server basics', () => {
  it('never writes link tokens, the API token or the Authorization header to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const secret = randomBytes(32);
    const apiToken = 'super-secret-api-token';
    const server = buildWebServer({
      client: unreachable,
      linkSecret: secret,
      apiToken,
      publicUrl: 'https://plangate.example',
      logger: { level: 'info', stream },
    });
    const expired = signLinkToken(
      {
        purpose: 'approve',
        requestId: 'req_1',
        accountId: 'acme',
        subject: 'bill',
        round: 1,
        stage: 0,
        nonce: newNonce(),
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      },
      secret,
    );
    const responses = [
      await server.inject({ method: 'GET', url: `/approve/${expired}?lang=en` }),
      await server.inject({ method: 'POST', url: `/approve/${expired}`, payload: { decision: 'approve' } }),
      await server.inject({ method: 'GET', url: `/status/${expired}` }),
      await server.inject({
        method: 'GET',
        url: '/api/v1/accounts/acme/subscription',
        headers: { authorization: `Bearer ${apiToken}x` },
      }),
    ];
    expect(responses.map((r) => r.statusCode)).to.deep.equal([410, 410, 410, 401]);
    await server.close();
    const log = lines.join('');
    expect(log).to.include('/approve/#');
    expect(log).to.not.include(expired);
    expect(log).to.not.include(expired.split('.')[1] ?? 'unreachable');
    expect(log).to.not.include(apiToken);
    expect(log.toLowerCase()).to.not.include('authorization');
  });

  it('answers unknown routes in the caller’s format and sets the headers everywhere', async () => {
    const server = buildWebServer({
      client: unreachable,
      linkSecret: randomBytes(32),
      apiToken: 't',
      publicUrl: 'http://127.0.0.1:9',
    });
    const api = await server.inject({
      method: 'GET',
      url: '/api/v1/nope',
      headers: { authorization: 'Bearer t' },
    });
    expect(api.statusCode).to.equal(404);
    expect(api.json<{ error: { code: string } }>().error.code).to.equal('NOT_FOUND');
    const page = await server.inject({
      method: 'GET',
      url: '/nope',
      headers: { 'accept-language': 'de', accept: 'text/html,*/*' },
    });
    expect(page.statusCode).to.equal(404);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.body).to.include('<html lang="de">');
    const plain = await server.inject({ method: 'GET', url: '/nope' });
    expect(plain.headers['content-type']).to.match(/^application\/json/);
    const devMail = await server.inject({ method: 'GET', url: '/dev/mail' });
    expect(devMail.statusCode, 'no /dev/mail without a sink').to.equal(404);
    for (const response of [api, page, devMail]) {
      expect(response.headers['referrer-policy']).to.equal('no-referrer');
      expect(response.headers['content-security-policy']).to.match(/default-src 'none'/);
      expect(response.headers['x-content-type-options']).to.equal('nosniff');
      expect(response.headers['cache-control']).to.equal('no-store');
    }
    // No script anywhere, and the one stylesheet is the one the policy names.
    const neutral = await server.inject({ method: 'GET', url: '/approve/x' });
    expect(neutral.body).to.not.match(/<script|javascript:|https?:\/\/(?!127)/i);
    expect(neutral.body).to.include('<meta name="viewport" content="width=device-width, initial-scale=1">');
    await server.close();
  });

  it('refuses bad options instead of starting half-configured', () => {
    const base = { client: unreachable, linkSecret: randomBytes(32), apiToken: 't', publicUrl: 'http://x' };
    expect(() => buildWebServer({ ...base, linkSecret: randomBytes(8) })).to.throw(/linkSecret/);
    expect(() => buildWebServer({ ...base, apiToken: '' })).to.throw(/apiToken/);
    expect(() => buildWebServer({ ...base, publicUrl: 'not a url' })).to.throw(/publicUrl/);
    expect(() => buildWebServer({ ...base, publicUrl: 'ftp://x' })).to.throw(/publicUrl/);
  });
});
