// The approval and status pages against the real stack, driven over plain HTTP the way a browser,
// a mail scanner or an attacker would: links from the real emails, forms posted by hand.
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { newNonce, signLinkToken, type LinkClaims } from '../../activities/mailer/index.js';
import { html } from '../../activities/html/html.js';
import { PAGE_CSP } from '../../client/http/security-headers.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import { waitForRequestState } from '../setup/stack.js';
import {
  csrfIn,
  getPage,
  linksIn,
  pageLink,
  postForm,
  startWebStack,
  tokenOf,
  waitForMail,
  type WebStack,
} from './web-stack.js';

const NEUTRAL = 'This link can no longer be used';

describe('web: approval and status pages', function () {
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

  /** Submits a change for acme by adam (default: one seat more) and returns bill's approval link (English). */
  async function openRequest(changes?: object, note?: string) {
    changes ??= { seats: (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + 1 };
    const accepted = await w.submit('acme', { requestedBy: 'adam', changes, ...(note ? { note } : {}) });
    const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example');
    return { accepted, link: pageLink(mail, 'approve'), mail };
  }

  const status = (requestId: string) => w.stack.client.getStatus('acme', requestId);

  it('shows the request on GET, with the security headers, and changes nothing', async () => {
    const note = '<script>alert("pwned")</script> & <b>bold</b>';
    const { accepted, link } = await openRequest({ seats: 8 }, note);
    expect(accepted.quote.before.seats).to.equal(5);
    expect(link.startsWith(`${w.url}/approve/`)).to.equal(true);
    expect(new URL(link).searchParams.get('lang')).to.equal('en');

    const page = await getPage(link);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('You are deciding as Bill Billing');
    expect(page.html).to.include('Requested by Adam Admin');
    expect(page.html).to.include(
      '&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(page.html).to.not.include('<script');
    expect(page.html).to.not.include('<b>bold');
    const total = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' }).format(
      accepted.quote.totalMinor / 100,
    );
    expect(page.html).to.include(total);
    expect(page.html).to.match(/Seats<\/th><td>5<\/td><td>8<\/td>/);
    expect(page.html).to.include('name="decision" value="approve"');
    expect(page.html).to.include('name="decision" value="reject"');
    expect(page.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(page.headers.get('cache-control')).to.equal('no-store');
    expect(page.headers.get('content-security-policy')).to.equal(PAGE_CSP);
    expect(PAGE_CSP).to.include("default-src 'none'").and.include("frame-ancestors 'none'");
    expect(PAGE_CSP).to.include("form-action 'self'");

    // German by ?lang=, and by Accept-Language when there is no ?lang=.
    const german = await getPage(link.replace('lang=en', 'lang=de'));
    expect(german.html).to.include('Sie entscheiden als Bill Billing');
    const byHeader = await fetch(link.split('?')[0] ?? '', {
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    });
    expect(await byHeader.text()).to.include('Sie entscheiden als');

    const after = await status(accepted.requestId);
    expect(after.state).to.equal('pending_approval');
    expect(after.decision).to.equal(undefined);
  });

  it("describes the proration lines in the reader's language, on the page and in the email", async () => {
    const { accepted, link } = await openRequest({ seats: 8 });
    const nbsp = '\u00a0';
    const english = await getPage(link);
    expect(english.html).to.include('Unused time on 5 × Team at €99.00 (monthly)');
    expect(english.html).to.include('Remaining time on 8 × Team at €99.00 (monthly)');
    const german = await getPage(link.replace('lang=en', 'lang=de'));
    expect(german.html).to.include(`Ungenutzte Zeit für 5 × Team à 99,00${nbsp}€ (monatlich)`);
    expect(german.html).to.include(`Restlaufzeit für 8 × Team à 99,00${nbsp}€ (monatlich)`);
    expect(german.html).to.not.match(/Unused time|Remaining time/);

    // Olivia reads German: her approval email, as the SMTP sink received it.
    const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'olivia@acme.example');
    for (const part of [mail.text, mail.html]) {
      expect(part).to.include(`Ungenutzte Zeit für 5 × Team à 99,00${nbsp}€ (monatlich)`);
      expect(part).to.not.match(/Unused time|Remaining time/);
    }
  });

  it('changes nothing when every link in every mail is fetched (mail scanners)', async () => {
    const { accepted } = await openRequest();
    await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example');
    await waitForMail(w.stack, accepted.requestId, 'approval_request', 'olivia@acme.example');
    const before = await status(accepted.requestId);
    const links = w.stack.sink.messages().flatMap(linksIn);
    expect(links.length).to.be.greaterThanOrEqual(3);
    for (const link of links) {
      const response = await fetch(link, { redirect: 'manual' });
      await response.text();
      expect(response.status, link).to.be.lessThan(500);
      const head = await fetch(link, { method: 'HEAD', redirect: 'manual' });
      expect(head.status, link).to.be.lessThan(500);
    }
    const after = await status(accepted.requestId);
    expect(after.state).to.equal('pending_approval');
    expect(after.timeline).to.deep.equal(before.timeline);
  });

  it('approves with a click-equivalent POST and shows the result; the link is then dead', async () => {
    const { accepted, link } = await openRequest();
    const page = await getPage(link);
    const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(page.html) });
    expect(result.status).to.equal(200);
    expect(result.html).to.include('Approved — the change is being applied');
    await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');

    const reused = await getPage(link);
    expect(reused.status).to.equal(410);
    expect(reused.html).to.include(NEUTRAL);
    const reposted = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(page.html) });
    expect(reposted.status).to.equal(410);
    expect(reposted.html).to.equal(reused.html);
  });

  it('links the page after a decision to the status page, which follows the request (en and de)', async () => {
    const { accepted, link } = await openRequest();
    const page = await getPage(link);
    const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(page.html) });
    const hrefs = [...result.html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    const statusLinks = hrefs.filter((url) => url.includes('/status/'));
    expect(statusLinks, result.html).to.have.length(1);
    const statusLink = statusLinks[0]!;
    // From the configured public URL, in the approver's language, for the approver.
    expect(statusLink.startsWith(`${w.url}/status/`)).to.equal(true);
    expect(new URL(statusLink).searchParams.get('lang')).to.equal('en');
    expect(result.html).to.include('Follow the request on its status page');
    await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');
    const followed = await getPage(statusLink);
    expect(followed.status, followed.html).to.equal(200);
    expect(followed.html).to.include('Applied');
    // The link is not an approval link.
    expect((await getPage(statusLink.replace('/status/', '/approve/'))).status).to.equal(410);

    // German: a rejection says what happens and links to the status page too.
    const second = await openRequest();
    const de = second.link.replace('lang=en', 'lang=de');
    const form = await getPage(de);
    const rejected = await postForm(de, { decision: 'reject', reason: 'Zu teuer', csrf: csrfIn(form.html) });
    expect(rejected.status).to.equal(200);
    expect(rejected.html).to.include('Abgelehnt – die anfragende Person wird per E-Mail informiert.');
    expect(rejected.html).to.include('Den weiteren Verlauf auf der Statusseite verfolgen');
    const deLink = /href="([^"]*\/status\/[^"]+)"/.exec(rejected.html)?.[1]?.replaceAll('&amp;', '&');
    expect(deLink && new URL(deLink).searchParams.get('lang')).to.equal('de');
    const deStatus = await getPage(deLink!);
    expect(deStatus.status).to.equal(200);
    expect(deStatus.html).to.include('Abgelehnt');
  });

  it('says when the approval completed its stage and the request waits in the next one', async () => {
    await w.api('PUT', '/api/v1/accounts/acme/approval-policy', {
      mode: 'any',
      stages: [{ name: 'Finance', aboveMinor: { EUR: 0 }, approvers: { userIds: ['olivia'] } }],
    });
    try {
      const { accepted, link } = await openRequest();
      const page = await getPage(link);
      const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(page.html) });
      expect(result.status).to.equal(200);
      expect(result.html).to.include(
        'The request now waits for the approval stage “Finance” (0 of 1 approvals)',
      );
      expect(result.html).to.include('/status/');
      expect((await status(accepted.requestId)).state).to.equal('pending_approval');
    } finally {
      await w.api('PUT', '/api/v1/accounts/acme/approval-policy', { mode: 'any' });
    }
  });

  it('gives tampered, expired, reused, foreign and cross-request links the same neutral page', async () => {
    const { accepted, link, mail } = await openRequest();
    const secret = w.stack.deps.links.secret;
    const sign = (claims: Partial<LinkClaims>, key: Uint8Array = secret) =>
      `${w.url}/approve/${signLinkToken(
        {
          purpose: 'approve',
          requestId: accepted.requestId,
          accountId: 'acme',
          subject: 'bill',
          round: 1,
          stage: 0,
          nonce: newNonce(),
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
          ...claims,
        },
        key,
      )}?lang=en`;
    const token = tokenOf(link);
    const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
    const statusLink = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example'),
      'status',
    );

    // A valid link for comparison: it works before and after all the bad ones.
    expect((await getPage(sign({}))).status).to.equal(200);
    const bad = {
      tampered: `${w.url}/approve/${flipped}?lang=en`,
      truncated: `${w.url}/approve/${token.slice(0, -3)}?lang=en`,
      garbage: `${w.url}/approve/not-a-token?lang=en`,
      expired: sign({ expiresAt: new Date(Date.now() - 60_000).toISOString() }),
      otherSecret: sign({}, randomBytes(32)),
      unknownRequest: sign({ requestId: 'req_0000000000000000000000000000dead' }),
      otherAccount: sign({ accountId: 'globex' }),
      wrongRound: sign({ round: 2 }),
      laterStage: sign({ stage: 1 }),
      statusPurpose: sign({ purpose: 'status' }),
      requester: sign({ subject: 'adam' }),
      notAMember: sign({ subject: 'mallory' }),
      agent: sign({ subject: 'agnes' }),
      statusLinkAsApproval: statusLink.replace('/status/', '/approve/').replace('lang=de', 'lang=en'),
      emptyToken: `${w.url}/approve/?lang=en`,
    };
    const bodies = new Set<string>();
    for (const [name, url] of Object.entries(bad)) {
      const page = await getPage(url);
      expect(page.status, name).to.equal(410);
      expect(page.html, name).to.include(NEUTRAL);
      bodies.add(page.html);
      const posted = await postForm(url, { decision: 'approve', reason: '', csrf: 'x' });
      expect(posted.status, `${name} (POST)`).to.equal(410);
      bodies.add(posted.html);
    }
    expect(bodies.size).to.equal(1);
    expect([...bodies][0]).to.include('check your email');

    // Cross-request: a link of this request, once a newer request is open, is dead too.
    await w.api('POST', `/api/v1/accounts/acme/change-requests/${accepted.requestId}/cancel`, {
      userId: 'adam',
    });
    const newer = await openRequest();
    const old = await getPage(link);
    expect(old.status).to.equal(410);
    expect(bodies.has(old.html)).to.equal(true);
    expect((await getPage(newer.link)).status).to.equal(200);
    expect(mail.id).to.not.equal(newer.mail.id);
  });

  it('records exactly one decision when the same link is posted twice at once', async () => {
    const { accepted, link } = await openRequest();
    const csrf = csrfIn((await getPage(link)).html);
    const results = await Promise.all([
      postForm(link, { decision: 'approve', reason: '', csrf }),
      postForm(link, { decision: 'approve', reason: '', csrf }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).to.deep.equal([200, 410]);
    expect(results.find((r) => r.status === 410)?.html).to.include(NEUTRAL);
    const view = await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');
    expect(view.timeline.filter((t) => t.action === 'approved')).to.have.length(1);
  });

  it('refuses a reject without a reason, and a wrong CSRF field, recording nothing', async () => {
    const { accepted, link } = await openRequest();
    const csrf = csrfIn((await getPage(link)).html);

    const noReason = await postForm(link, { decision: 'reject', reason: '   ', csrf });
    expect(noReason.status).to.equal(400);
    expect(noReason.html).to.include('Please give a reason for rejecting');
    expect(noReason.html).to.include('name="decision" value="reject"');

    const noDecision = await postForm(link, { reason: 'hm', csrf });
    expect(noDecision.status).to.equal(400);
    expect(noDecision.html).to.include('Please choose Approve or Reject');

    for (const wrong of ['', 'x', csrf.slice(0, -2) + (csrf.endsWith('AA') ? 'BB' : 'AA')]) {
      const forged = await postForm(link, { decision: 'approve', reason: '', csrf: wrong });
      expect(forged.status).to.equal(403);
      expect(forged.html).to.include('Nothing was recorded');
    }
    // The CSRF field of another link does not fit this one.
    const olivia = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'approval_request', 'olivia@acme.example'),
      'approve',
    );
    const otherCsrf = csrfIn((await getPage(olivia)).html);
    expect((await postForm(link, { decision: 'approve', reason: '', csrf: otherCsrf })).status).to.equal(403);

    const view = await status(accepted.requestId);
    expect(view.state).to.equal('pending_approval');
    expect(view.decision).to.equal(undefined);
    expect(view.timeline.map((t) => t.action)).to.not.include('approved');

    const rejected = await postForm(link, { decision: 'reject', reason: 'Too expensive this quarter', csrf });
    expect(rejected.status).to.equal(200);
    expect(rejected.html).to.include('Rejected');
    const after = await status(accepted.requestId);
    expect(after.state).to.equal('rejected');
    expect(after.decision).to.include({
      by: 'bill',
      decision: 'reject',
      reason: 'Too expensive this quarter',
    });
  });

  it('says clearly when a payment method is required (globex has none)', async () => {
    const accepted = await w.submit('globex', { requestedBy: 'marge', changes: { seats: 5 } });
    expect(accepted.quote.paymentMethodRequired).to.equal(true);
    const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'hank@globex.example');
    const link = pageLink(mail, 'approve');
    const page = await getPage(link);
    expect(page.html).to.include('requires a payment method on file');
    const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(page.html) });
    // 402 Payment Required: the account lacks a payment method (client/error-codes.ts).
    expect(result.status).to.equal(402);
    expect(result.html).to.include('Payment method required');
    const view = await w.stack.client.getStatus('globex', accepted.requestId);
    expect(view.state).to.equal('pending_approval');
  });

  it("shows the requester's status page, read-only, with the decision and the timeline", async () => {
    const { accepted, link } = await openRequest(undefined, 'Für das neue Team');
    const receipt = await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example');
    const statusLink = pageLink(receipt, 'status');
    expect(new URL(statusLink).searchParams.get('lang')).to.equal('de');

    const pending = await getPage(statusLink);
    expect(pending.status).to.equal(200);
    expect(pending.html).to.include('Wartet auf Freigabe');
    expect(pending.html).to.include('Eingereicht');
    expect(pending.html).to.include('Für das neue Team');
    expect(pending.html).to.not.include('<form');

    const csrf = csrfIn((await getPage(link)).html);
    await postForm(link, { decision: 'reject', reason: 'Bitte erst im Q3 <b>', csrf });
    const decided = await getPage(statusLink);
    expect(decided.html).to.include('Abgelehnt von Bill Billing');
    expect(decided.html).to.include('Bitte erst im Q3 &lt;b&gt;');
    const english = await getPage(statusLink.replace('lang=de', 'lang=en'));
    expect(english.html).to.include('Rejected by Bill Billing');
    expect(english.html).to.include('Submitted');

    // The status link decides nothing and is no approval link; an approval link is no status link.
    const asApproval = await postForm(statusLink.replace('/status/', '/approve/'), {
      decision: 'approve',
      reason: '',
      csrf,
    });
    expect(asApproval.status).to.equal(410);
    const asStatus = await getPage(link.replace('/approve/', '/status/'));
    expect(asStatus.status).to.equal(410);
    expect(asStatus.html).to.include(NEUTRAL);
    expect((await getPage(`${w.url}/status/garbage`)).status).to.equal(410);
  });

  it('serves the dev mailbox: page, JSON newest first, and each message sandboxed', async () => {
    const { accepted } = await openRequest();
    await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example');
    const list = await fetch(`${w.url}/dev/mail.json`);
    expect(list.status).to.equal(200);
    const mails = (await list.json()) as Array<
      Record<string, unknown> & { id: string; subject: string; html: string }
    >;
    expect(mails.length).to.be.greaterThanOrEqual(2);
    expect(Object.keys(mails[0] ?? {}).sort()).to.deep.equal(
      ['date', 'headers', 'html', 'id', 'subject', 'text', 'to'].sort(),
    );
    const ids = mails.map((m) => Number(m.id));
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));

    const page = await fetch(`${w.url}/dev/mail`);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    expect(await page.text()).to.include(String(html`${(mails[0]?.subject ?? 'missing').slice(0, 20)}`));

    const one = await fetch(`${w.url}/dev/mail/${mails[0]?.id ?? 'missing'}`);
    expect(one.status).to.equal(200);
    expect(one.headers.get('content-security-policy')).to.match(/sandbox/);
    expect(await one.text()).to.equal(mails[0]?.html);
    expect((await fetch(`${w.url}/dev/mail/999999`)).status).to.equal(404);
  });

  it('shows a support-review note for a plan downgrade and says so after approval', async () => {
    const { accepted, link } = await openRequest({
      plan: 'starter',
      addOns: { remove: ['priority_support'] },
    });
    expect(accepted.quote.route).to.equal('approval_then_support_review');
    const page = await getPage(link);
    expect(page.html).to.include('our support team reviews the change');
    const result = await postForm(link, { decision: 'approve', reason: 'ok', csrf: csrfIn(page.html) });
    expect(result.status).to.equal(200);
    expect(result.html).to.include('support team reviews the change before it is applied');
    const view: RequestStatusView = await status(accepted.requestId);
    expect(view.state).to.equal('pending_support_review');
  });
});

describe('web: rate limits', function () {
  this.timeout(120_000);
  let w: WebStack;
  before(async () => {
    w = await startWebStack({
      web: { rateLimit: { max: 5, timeWindowMs: 60_000 }, pageRateLimit: { max: 3, timeWindowMs: 60_000 } },
    });
  });
  after(async () => {
    await w?.stop();
  });

  it('limits the API and the approval pages per IP, answering 429 in each one’s format', async () => {
    const api = [];
    for (let i = 0; i < 7; i++) api.push(await w.api('GET', '/api/v1/accounts/acme/subscription'));
    expect(api.slice(0, 5).map((r) => r.status)).to.deep.equal([200, 200, 200, 200, 200]);
    expect(api[6]?.status).to.equal(429);
    expect(api[6]?.json.error?.message).to.be.a('string');

    const pages = [];
    for (let i = 0; i < 5; i++) pages.push(await getPage(`${w.url}/approve/whatever`));
    expect(pages.slice(0, 3).map((p) => p.status)).to.deep.equal([410, 410, 410]);
    expect(pages[4]?.status).to.equal(429);
    expect(pages[4]?.headers.get('content-type')).to.match(/^text\/html/);
    expect((await fetch(`${w.url}/healthz`)).status).to.equal(200);
  });
});
