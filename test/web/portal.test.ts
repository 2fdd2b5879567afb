// Portal sessions and the requester portal against the real stack, over plain HTTP the way a
// browser without JavaScript, a host app or an attacker would: sessions from the API, forms posted
// by hand, tokens forged, expired and swapped between purposes.
import { expect } from 'chai';
import { newNonce, signLinkToken } from '../../activities/mailer/index.js';
import { formatMoney } from '../../activities/pricing/index.js';
import { PORTAL_CSP } from '../../client/http/security-headers.js';
import { waitForRequestState } from '../setup/stack.js';
import { startWebServer } from '../../client/http/index.js';
import {
  API_TOKEN,
  csrfIn,
  fieldErrorIn,
  getPage,
  openPortal,
  pageLink,
  postForm,
  startWebStack,
  tokenOf,
  waitForMail,
  type WebStack,
} from './web-stack.js';

const NEUTRAL = 'This link can no longer be used';

describe('web: portal sessions and the requester portal', function () {
  this.timeout(120_000);
  let w: WebStack;

  before(async () => {
    w = await startWebStack({ web: { pageRateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  });
  after(async () => {
    await w?.stop();
  });
  beforeEach(async () => {
    await w.reset();
  });

  const sessions = '/api/v1/accounts/acme/portal-sessions';
  const currentSeats = async () => (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats;

  /** The portal's form page and its CSRF field. */
  async function portal(
    userId = 'adam',
    extra: { locale?: 'de' | 'en'; returnUrl?: string } = { locale: 'en' },
  ) {
    const session = await openPortal(w, userId, extra);
    const page = await getPage(session.url);
    expect(page.status).to.equal(200);
    return { ...session, page, csrf: csrfIn(page.html) };
  }

  describe('POST /api/v1/accounts/{id}/portal-sessions', () => {
    it('answers 201 with a portal URL on the public base and an expiry one hour ahead', async () => {
      const before = Date.now();
      const { status, json } = await w.api('POST', sessions, {
        userId: 'adam',
        locale: 'de',
        returnUrl: 'https://app.example/billing?from=plangate',
      });
      expect(status).to.equal(201);
      expect(Object.keys(json).sort()).to.deep.equal(['expiresAt', 'url']);
      const url = json.url as string;
      expect(url.startsWith(`${w.url}/portal/`)).to.equal(true);
      const ttl = Date.parse(json.expiresAt as string) - before;
      expect(ttl).to.be.within(3_595_000, 3_605_000);
      const page = await getPage(url);
      expect(page.html).to.include('angemeldet als Adam Admin');
      expect(page.html).to.include('href="https://app.example/billing?from=plangate"');
    });

    it('names the field of every bad input, and needs the API token', async () => {
      const cases: Array<[unknown, number, string, string]> = [
        [{ userId: 'nobody' }, 404, 'MEMBER_NOT_FOUND', 'userId'],
        [{}, 400, 'INVALID_INPUT', 'userId'],
        [{ userId: 'adam', returnUrl: 'javascript:alert(1)' }, 400, 'INVALID_INPUT', 'returnUrl'],
        [{ userId: 'adam', returnUrl: '/relative' }, 400, 'INVALID_INPUT', 'returnUrl'],
        [
          { userId: 'adam', returnUrl: `https://x.example/${'a'.repeat(1000)}` },
          400,
          'INVALID_INPUT',
          'returnUrl',
        ],
        [{ userId: 'adam', locale: 'fr' }, 400, 'INVALID_INPUT', 'locale'],
        [{ userId: 'adam', paymentMethod: 'x' }, 400, 'INVALID_INPUT', 'paymentMethod'],
      ];
      for (const [body, status, code, field] of cases) {
        const answer = await w.api('POST', sessions, body);
        expect(answer.status, JSON.stringify(body)).to.equal(status);
        expect(answer.json.error?.code).to.equal(code);
        expect(answer.json.error?.problems?.map((p) => p.field)).to.include(field);
      }
      const unknown = await w.api('POST', '/api/v1/accounts/nope/portal-sessions', { userId: 'adam' });
      expect(unknown.status).to.equal(404);
      expect(unknown.json.error?.code).to.equal('UNKNOWN_ACCOUNT');
      const anonymous = await fetch(`${w.url}${sessions}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'adam' }),
      });
      expect(anonymous.status).to.equal(401);
    });
  });

  it('shows the subscription and a form for every change kind, under a CSP that admits only its own script', async () => {
    const { page } = await portal();
    expect(page.headers.get('content-security-policy')).to.equal(PORTAL_CSP);
    expect(page.headers.get('referrer-policy')).to.equal('no-referrer');
    // One script, a same-origin file; no inline script anywhere.
    expect(page.html.match(/<script/g)).to.have.length(1);
    expect(page.html).to.include('<script src="/portal-assets/portal.js" defer></script>');
    for (const name of [
      'plan',
      'seats',
      'interval',
      'addOns',
      'addProduct',
      'addProductSeats',
      'addProductTrial',
      'note',
    ])
      expect(page.html, name).to.include(`name="${name}"`);
    expect(page.html).to.include('€99.00 per seat per month (current)');
    expect(page.html).to.include('Professional · €299.00 per seat per month');
    expect(page.html).to.include('Desk Team · €49.00 per seat per month · 30-day free trial');
    expect(page.html).to.include('Submit request');
    const script = await fetch(`${w.url}/portal-assets/portal.js`);
    expect(script.status).to.equal(200);
    expect(script.headers.get('content-type')).to.match(/^text\/javascript/);
    expect(await script.text()).to.include('data-preview-url');
  });

  it('shows an owner and a billing admin "Update subscription" instead of "Submit request"', async () => {
    for (const userId of ['olivia', 'bill']) {
      const { page } = await portal(userId);
      expect(page.html, userId).to.include('Update subscription');
      expect(page.html, userId).not.to.include('Submit request');
    }
  });

  it('previews without JavaScript: the quote of the form as filled in, equal to the quote path, and keeps the form', async () => {
    const { url, csrf } = await portal();
    const seats = (await currentSeats()) + 3;
    const answer = await postForm(`${url}/preview`, {
      csrf,
      plan: 'professional',
      seats: String(seats),
      interval: 'month',
      addOns: 'priority_support',
      note: 'For the new team <3',
    });
    expect(answer.status).to.equal(200);
    const quote = await w.stack.client.quote({
      accountId: 'acme',
      requestedBy: 'adam',
      changes: { plan: 'professional', seats },
    });
    // Priced a moment later than the page: the proration may differ by a cent, the recurring price not.
    expect(answer.html).to.include(formatMoney(quote.recurringAfterMinor, 'EUR', 'en'));
    expect(answer.html).to.include('Total due now');
    expect(answer.html).to.match(
      /(Bill Billing or Olivia Owner|Olivia Owner or Bill Billing) will be asked to approve/,
    );
    expect(answer.html).to.include('The price goes up: a payment method must be on file');
    expect(answer.html).to.include(`value="${seats}"`);
    expect(answer.html).to.include('<option value="professional" selected>');
    expect(answer.html).to.include('For the new team &lt;3</textarea>');
    // Nothing was submitted.
    expect(await w.stack.client.openRequestId('acme')).to.equal(undefined);
  });

  it('notes a support review for a downgrade', async () => {
    const { url, csrf } = await portal();
    const answer = await postForm(`${url}/preview`, { csrf, plan: 'starter', seats: '5', interval: 'month' });
    expect(answer.status).to.equal(200);
    expect(answer.html).to.include('A downgrade is reviewed by our support team before it takes effect.');
  });

  it('shows every malformed preview or submission again with the message next to its field and what was typed', async () => {
    const { url, csrf } = await portal();
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ seats: 'lots' }, 'seats', /must be a whole number/],
      [{ seats: '1000' }, 'seats', /must be between 1 and 100/],
      [{ plan: 'platinum' }, 'plan', /not one of the choices/],
      [{ interval: 'week' }, 'interval', /not one of the choices/],
      [{ addOns: 'teleporter' }, 'addOns', /not one of the choices/],
      [{ addOns: 'sso' }, 'addOns', /Single sign-on is not offered/],
      [{ addProduct: 'desk:team', addProductSeats: 'x' }, 'addProductSeats', /whole number/],
      [{ addProduct: 'desk:team', addProductSeats: '999' }, 'addProductSeats', /between/],
      [{ note: 'n'.repeat(2001), seats: '6' }, 'note', /at most 2000/],
    ];
    for (const route of ['preview', 'submit']) {
      for (const [fields, field, message] of cases) {
        const answer = await postForm(`${url}/${route}`, { csrf, interval: 'month', ...fields });
        const what = `${route} ${JSON.stringify(fields).slice(0, 80)}`;
        expect(answer.status, what).to.equal(400);
        expect(fieldErrorIn(answer.html, field), what).to.match(message);
        expect(answer.html, what).to.include('Please check the marked fields. Nothing was sent.');
        expect(answer.html, what).not.to.match(/at .*\.ts:\d+|Error:/);
        if (fields.seats) expect(answer.html, what).to.include(`value="${fields.seats}"`);
        if (fields.addProductSeats) expect(answer.html, what).to.include(`value="${fields.addProductSeats}"`);
      }
    }
    expect(await w.stack.client.openRequestId('acme')).to.equal(undefined);
  });

  it('refuses a form without the CSRF field of this session, and opens nothing', async () => {
    const { url } = await portal();
    const other = await portal('bill');
    for (const csrf of [undefined, 'forged', other.csrf]) {
      for (const route of ['preview', 'submit']) {
        const answer = await postForm(`${url}/${route}`, {
          ...(csrf ? { csrf } : {}),
          seats: '9',
          interval: 'month',
        });
        expect(answer.status, `${route} ${csrf}`).to.equal(403);
        expect(answer.html).to.include('The form could not be verified');
      }
    }
    expect(await w.stack.client.openRequestId('acme')).to.equal(undefined);
  });

  it('gives expired, tampered, unknown and other-purpose sessions the neutral page of dead approval links, byte for byte', async () => {
    const secret = w.stack.deps.links.secret;
    const { token } = await portal();
    const expired = signLinkToken(
      {
        purpose: 'portal',
        accountId: 'acme',
        subject: 'adam',
        nonce: newNonce(),
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      },
      secret,
    );
    const removedMember = signLinkToken(
      {
        purpose: 'portal',
        accountId: 'acme',
        subject: 'ghost',
        nonce: newNonce(),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
      secret,
    );
    const otherSecret = signLinkToken(
      {
        purpose: 'portal',
        accountId: 'acme',
        subject: 'adam',
        nonce: newNonce(),
        expiresAt: new Date(Date.now() + 60_000).toISOString(),
      },
      new Uint8Array(32).fill(7),
    );
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    // An approval link and a status link of a real request are no portal sessions.
    const accepted = await w.submit('acme', {
      requestedBy: 'adam',
      changes: { seats: (await currentSeats()) + 1 },
    });
    const approval = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example'),
      'approve',
    );
    const statusLink = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example'),
      'status',
    );

    const dead = await getPage(`${w.url}/approve/not-a-token?lang=en`);
    expect(dead.status).to.equal(410);
    expect(dead.html).to.include(NEUTRAL);
    for (const bad of [
      expired,
      removedMember,
      otherSecret,
      tampered,
      'garbage',
      tokenOf(approval),
      tokenOf(statusLink),
    ]) {
      for (const path of ['', '/requests/' + accepted.requestId]) {
        const page = await getPage(`${w.url}/portal/${bad}${path}?lang=en`);
        expect(page.status, bad + path).to.equal(410);
        expect(page.html, bad + path).to.equal(dead.html);
      }
      const posted = await postForm(`${w.url}/portal/${bad}/submit?lang=en`, { csrf: 'x', seats: '9' });
      expect(posted.status).to.equal(410);
      expect(posted.html).to.equal(dead.html);
    }
    // And the other way round: a portal session never opens an approval or status page.
    for (const page of ['approve', 'status']) {
      const answer = await getPage(`${w.url}/${page}/${token}?lang=en`);
      expect(answer.status, page).to.equal(410);
      expect(answer.html).to.equal(dead.html);
    }
    const decided = await postForm(`${w.url}/approve/${token}?lang=en`, { csrf: 'x', decision: 'approve' });
    expect(decided.status).to.equal(410);
    expect((await w.stack.client.getStatus('acme', accepted.requestId)).state).to.equal('pending_approval');
  });

  it('submits, shows the open request instead of the form, and withdraws it', async () => {
    const { url, csrf } = await portal();
    const seats = (await currentSeats()) + 2;
    // As a browser posts it: every field, the ticked add-on included.
    const submitted = await postForm(`${url}/submit`, {
      csrf,
      plan: 'team',
      seats: String(seats),
      interval: 'month',
      addOns: 'priority_support',
      note: 'two more',
    });
    expect(submitted.status).to.equal(303);
    const location = submitted.headers.get('location') ?? '';
    expect(location).to.match(new RegExp(`^/portal/${tokenOf(url)}/requests/req_`));
    const requestId = location.split('/').pop()!;
    const view = await w.stack.client.getStatus('acme', requestId);
    expect(view.requestedBy.userId).to.equal('adam');
    expect(view.changes).to.deep.equal({ seats });
    expect(view.note).to.equal('two more');

    const requestPage = await getPage(`${w.url}${location}`);
    expect(requestPage.status).to.equal(200);
    expect(requestPage.html).to.include('Waiting for approval');
    expect(requestPage.html).to.include('Withdraw request');
    expect(requestPage.html).to.include('Bill Billing');
    // The portal itself shows the open request now, not the form.
    const home = await getPage(url);
    expect(home.html).to.include('A request is open');
    expect(home.html).not.to.include('id="change-form"');
    // A second submission from an old form lands on the open request.
    const again = await postForm(`${url}/submit`, { csrf, seats: String(seats + 1), interval: 'month' });
    expect(again.status).to.equal(303);
    expect(again.headers.get('location')).to.equal(`/portal/${tokenOf(url)}`);

    const refused = await postForm(`${w.url}${location}/withdraw`, {});
    expect(refused.status).to.equal(403);
    const withdrawn = await postForm(`${w.url}${location}/withdraw`, { csrf: csrfIn(requestPage.html) });
    expect(withdrawn.status).to.equal(200);
    expect(withdrawn.html).to.include('The request was withdrawn.');
    await waitForRequestState(w.stack.client, 'acme', requestId, 'cancelled');
    expect((await getPage(url)).html).to.include('id="change-form"');
  });

  it('rate-limits the portal per client IP, on a budget of its own', async () => {
    const limited = await startWebServer({
      client: w.stack.client,
      accounts: w.stack.store,
      linkSecret: w.stack.deps.links.secret,
      apiToken: API_TOKEN,
      publicUrl: w.url,
      pageRateLimit: { max: 3, timeWindowMs: 60_000 },
      rateLimit: { max: 1000, timeWindowMs: 60_000 },
      port: 0,
    });
    try {
      const { token } = await openPortal(w, 'adam', { locale: 'en' });
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await getPage(`${limited.url}/portal/${token}`)).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
      const tooMany = await getPage(`${limited.url}/portal/${token}?lang=en`);
      expect(tooMany.html).to.include('Too many requests');
      // The approval pages keep their own budget.
      expect((await getPage(`${limited.url}/approve/not-a-token`)).status).to.equal(410);
    } finally {
      await limited.close();
    }
  });

  it("applies an owner's 'Update subscription' at once: the direct path, no one else is asked", async () => {
    const { url, csrf } = await portal('olivia');
    const seats = (await currentSeats()) + 1;
    const fields = {
      csrf,
      plan: 'team',
      seats: String(seats),
      interval: 'month',
      addOns: 'priority_support',
    };
    const preview = await postForm(`${url}/preview`, fields);
    expect(preview.html).to.include('You may change the billing yourself');
    expect(preview.html).not.to.include('will be asked to approve');
    const submitted = await postForm(`${url}/submit`, fields);
    expect(submitted.status).to.equal(303);
    const requestId = (submitted.headers.get('location') ?? '').split('/').pop()!;
    await waitForRequestState(w.stack.client, 'acme', requestId, 'applied');
    const view = await w.stack.client.getStatus('acme', requestId);
    expect(view.approvers).to.deep.equal([]);
    expect(view.timeline.map((e) => e.action)).to.include('changed directly');
    expect(await currentSeats()).to.equal(seats);
    const page = await getPage(`${w.url}${submitted.headers.get('location')}`);
    expect(page.html).to.include('Applied');
    expect(page.html).not.to.include('Withdraw request');
  });

  it('shows a request of another account as a dead link', async () => {
    const { url } = await portal();
    const page = await getPage(`${url}/requests/req_does_not_exist?lang=en`);
    expect(page.status).to.equal(410);
    expect(page.html).to.include(NEUTRAL);
  });
});
