import { expect } from 'chai';
import fc from 'fast-check';
import { createHmac, randomBytes } from 'node:crypto';
import { newNonce, signLinkToken, tokenHash, verifyLinkToken } from '../../activities/mailer/link-token.js';
import type { LinkClaims, PortalClaims } from '../../activities/mailer/types.js';

const secret = new Uint8Array(randomBytes(32));
const now = new Date('2025-03-16T12:00:00.000Z');
const claims: LinkClaims = {
  purpose: 'approve',
  requestId: 'req_01HZX5S8Q7',
  accountId: 'acme',
  subject: 'olivia',
  round: 2,
  stage: 0,
  nonce: 'q2Vn1y3Xb0o8a2qH1c5R1g',
  expiresAt: '2025-03-23T12:00:00.000Z',
};
const BASE64URL_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('');

/** Verifies as an approval link, the purpose of `claims`. */
const verifyApprovalToken = (token: string, key: Uint8Array, at: Date) =>
  verifyLinkToken(token, key, at, 'approve');

describe('link tokens', () => {
  const token = signLinkToken(claims, secret);

  it('round-trips the claims', () => {
    expect(verifyApprovalToken(token, secret, now)).to.deep.equal(claims);
  });

  it('is compact and fits one URL path segment', () => {
    expect(token).to.match(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(token.length).to.be.below(260);
    expect(encodeURIComponent(token)).to.equal(token);
  });

  it('rejects every single-character change of payload or signature', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...BASE64URL_CHARS, '.', '=', '+', '/', '%', ' '),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
          expect(verifyApprovalToken(tampered, secret, now)).to.equal(null);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects the non-canonical spellings of the signature bytes (the last character)', () => {
    // The final base64url character of a 32-byte value carries 2 unused bits: 3 other characters
    // decode to the same bytes and must still be refused.
    const last = token.length - 1;
    for (const c of BASE64URL_CHARS) {
      if (c === token[last]) continue;
      expect(verifyApprovalToken(token.slice(0, last) + c, secret, now), c).to.equal(null);
    }
  });

  it('rejects an expired token, at and after the expiry instant', () => {
    expect(verifyApprovalToken(token, secret, new Date(claims.expiresAt))).to.equal(null);
    expect(verifyApprovalToken(token, secret, new Date('2025-04-01T00:00:00Z'))).to.equal(null);
    expect(verifyApprovalToken(token, secret, new Date(Date.parse(claims.expiresAt) - 1))).to.deep.equal(
      claims,
    );
  });

  it('rejects a token signed with another secret', () => {
    expect(verifyApprovalToken(token, new Uint8Array(randomBytes(32)), now)).to.equal(null);
  });

  it('rejects garbage without throwing', () => {
    const fixed = [
      '',
      '.',
      '..',
      'a.b',
      `${token}.x`,
      token.replace('.', ''),
      'x'.repeat(10_000),
      '\u0000',
      '😀.😀',
    ];
    for (const input of fixed)
      expect(verifyApprovalToken(input, secret, now), input.slice(0, 20)).to.equal(null);
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (input) => {
        expect(verifyApprovalToken(input, secret, now)).to.equal(null);
      }),
      { numRuns: 1000 },
    );
    // Structurally plausible strings: two base64url parts.
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), minLength: 1, maxLength: 300 }),
        fc.string({ unit: fc.constantFrom(...BASE64URL_CHARS), minLength: 43, maxLength: 43 }),
        (payload, signature) => {
          expect(verifyApprovalToken(`${payload}.${signature}`, secret, now)).to.equal(null);
        },
      ),
      { numRuns: 1000 },
    );
    expect(verifyApprovalToken(undefined as unknown as string, secret, now)).to.equal(null);
  });

  it('refuses correctly signed payloads that are not valid claims', () => {
    // Sign arbitrary payloads the way signLinkToken does, to reach the parsing behind the MAC.
    const signed = (body: string, context = 'plangate:link:v2:approve:') => {
      const payload = Buffer.from(body, 'utf8').toString('base64url');
      const mac = createHmac('sha256', secret).update(context).update(payload).digest();
      return `${payload}.${mac.toString('base64url')}`;
    };
    const expiry = '2025-03-23T12:00:00.000Z';
    const genuine = JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 1, 0]);
    // Guard: the helper really produces tokens the verifier accepts, so the nulls below mean something.
    expect(verifyApprovalToken(signed(genuine), secret, now)).to.deep.include({ requestId: 'r', round: 1 });
    const bad = [
      'not json',
      '{"requestId":"r"}',
      JSON.stringify([3, 'approve', 'r', 'a', 'o', 'n', expiry, 1, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 0, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, -1, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 1.5, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 1, -1]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 1]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', expiry, 1, 0, '']),
      JSON.stringify([2, 'approve', '', 'a', 'o', 'n', expiry, 1, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 'o', 'n', 'next week', 1, 0]),
      JSON.stringify([2, 'approve', 'r', 'a', 7, 'n', expiry, 1, 0]),
      // Signed for approval but claiming to be a status link, and the other way round.
      JSON.stringify([2, 'status', 'r', 'a', 'o', 'n', expiry]),
    ];
    for (const body of bad) expect(verifyApprovalToken(signed(body), secret, now), body).to.equal(null);
    const statusBody = JSON.stringify([2, 'status', 'r', 'a', 'o', 'n', expiry]);
    expect(
      verifyLinkToken(signed(statusBody, 'plangate:link:v2:status:'), secret, now, 'status'),
    ).to.deep.include({
      purpose: 'status',
      subject: 'o',
    });
    expect(verifyLinkToken(signed(genuine, 'plangate:link:v2:status:'), secret, now, 'status')).to.equal(
      null,
    );
  });

  it("carries the stage and a delegate's approver", () => {
    const delegated: LinkClaims = { ...claims, subject: 'bill', stage: 1, onBehalfOf: 'olivia' };
    expect(verifyApprovalToken(signLinkToken(delegated, secret), secret, now)).to.deep.equal(delegated);
  });

  it('never takes a link of one purpose for the other', () => {
    const { round: _round, stage: _stage, ...rest } = claims;
    const status = signLinkToken({ ...rest, purpose: 'status' }, secret);
    expect(verifyLinkToken(status, secret, now, 'status')).to.deep.include({
      purpose: 'status',
      subject: 'olivia',
    });
    expect(verifyLinkToken(status, secret, now, 'approve')).to.equal(null);
    expect(verifyLinkToken(token, secret, now, 'status')).to.equal(null);
  });

  describe('portal sessions (purpose portal)', () => {
    const session: PortalClaims = {
      purpose: 'portal',
      accountId: 'acme',
      subject: 'adam',
      nonce: newNonce(),
      expiresAt: '2025-03-16T13:00:00.000Z',
      locale: 'de',
      returnUrl: 'https://app.example/settings/billing?tab=plan',
    };
    const portal = signLinkToken(session, secret);
    const { round: _round, stage: _stage, ...rest } = claims;
    const status = signLinkToken({ ...rest, purpose: 'status' }, secret);

    it('round-trips, with and without locale and return URL', () => {
      expect(verifyLinkToken(portal, secret, now, 'portal')).to.deep.equal(session);
      const { locale: _l, returnUrl: _r, ...bare } = session;
      expect(verifyLinkToken(signLinkToken(bare, secret), secret, now, 'portal')).to.deep.equal(bare);
    });

    it('is never an approval or status link, and neither of those is a portal session', () => {
      expect(verifyLinkToken(portal, secret, now, 'approve')).to.equal(null);
      expect(verifyLinkToken(portal, secret, now, 'status')).to.equal(null);
      expect(verifyLinkToken(token, secret, now, 'portal')).to.equal(null);
      expect(verifyLinkToken(status, secret, now, 'portal')).to.equal(null);
    });

    it('refuses a portal body signed under another purpose, and other bodies under the portal context', () => {
      const signed = (body: unknown[], purpose: string) => {
        const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
        const mac = createHmac('sha256', secret)
          .update(`plangate:link:v2:${purpose}:`)
          .update(payload)
          .digest();
        return `${payload}.${mac.toString('base64url')}`;
      };
      const expiry = '2025-03-16T13:00:00.000Z';
      const body = [2, 'portal', 'acme', 'adam', 'n', expiry, null, null];
      // Guard: the helper signs what the verifier accepts.
      expect(verifyLinkToken(signed(body, 'portal'), secret, now, 'portal')).to.deep.include({
        subject: 'adam',
      });
      expect(verifyLinkToken(signed(body, 'approve'), secret, now, 'approve')).to.equal(null);
      expect(verifyLinkToken(signed(body, 'status'), secret, now, 'status')).to.equal(null);
      const approveBody = [2, 'approve', 'r', 'acme', 'adam', 'n', expiry, 1, 0];
      expect(verifyLinkToken(signed(approveBody, 'portal'), secret, now, 'portal')).to.equal(null);
      for (const bad of [
        [2, 'portal', 'acme', 'adam', 'n', expiry, 'fr', null],
        [2, 'portal', 'acme', 'adam', 'n', expiry, null, 'javascript:alert(1)'],
        [2, 'portal', 'acme', 'adam', 'n', expiry, null],
        [2, 'portal', '', 'adam', 'n', expiry, null, null],
      ]) {
        expect(verifyLinkToken(signed(bad, 'portal'), secret, now, 'portal'), JSON.stringify(bad)).to.equal(
          null,
        );
      }
    });

    it('expires, and refuses to sign a return URL that is not http(s)', () => {
      expect(verifyLinkToken(portal, secret, new Date(session.expiresAt), 'portal')).to.equal(null);
      expect(() => signLinkToken({ ...session, returnUrl: 'ftp://x.example/' }, secret)).to.throw(TypeError);
    });
  });

  it('still reads the version 1 links already in inboxes as what they were', () => {
    const v1 = (body: unknown[]) => {
      const payload = Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
      const mac = createHmac('sha256', secret).update('plangate:approval-link:v1:').update(payload).digest();
      return `${payload}.${mac.toString('base64url')}`;
    };
    const expiry = '2025-03-23T12:00:00.000Z';
    const approval = v1([1, 'r', 'a', 'olivia', 2, 'n', expiry]);
    expect(verifyLinkToken(approval, secret, now, 'approve')).to.deep.equal({
      purpose: 'approve',
      requestId: 'r',
      accountId: 'a',
      subject: 'olivia',
      round: 2,
      stage: 0,
      nonce: 'n',
      expiresAt: expiry,
    });
    expect(verifyLinkToken(approval, secret, now, 'status')).to.equal(null);
    // Round 0 was how version 1 said "the requester's status link".
    const status = v1([1, 'r', 'a', 'adam', 0, 'n', expiry]);
    expect(verifyLinkToken(status, secret, now, 'status')).to.deep.include({
      purpose: 'status',
      subject: 'adam',
    });
    expect(verifyLinkToken(status, secret, now, 'approve')).to.equal(null);
    expect(verifyLinkToken(v1([1, 'r', 'a', 'adam', -1, 'n', expiry]), secret, now, 'status')).to.equal(null);
  });

  it('refuses to sign with a short secret or bad claims', () => {
    expect(() => signLinkToken(claims, new Uint8Array(16))).to.throw(TypeError);
    expect(() => signLinkToken({ ...claims, expiresAt: 'tomorrow' }, secret)).to.throw(TypeError);
    expect(() => signLinkToken({ ...claims, requestId: '' }, secret)).to.throw(TypeError);
    expect(() => signLinkToken({ ...claims, round: 0 }, secret)).to.throw(TypeError);
  });

  it('makes 128-bit base64url nonces that do not repeat', () => {
    const nonces = new Set(Array.from({ length: 1000 }, () => newNonce()));
    expect(nonces.size).to.equal(1000);
    for (const nonce of nonces) {
      expect(nonce).to.match(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(nonce, 'base64url')).to.have.length(16);
    }
  });

  it('hashes tokens for logs without revealing them', () => {
    const hash = tokenHash(token);
    expect(hash).to.match(/^[0-9a-f]{16}$/);
    expect(tokenHash(token)).to.equal(hash);
    expect(tokenHash(`${token}x`)).to.not.equal(hash);
    expect(token).to.not.include(hash);
  });
});
