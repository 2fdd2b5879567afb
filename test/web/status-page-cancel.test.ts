// Cancelling from the status page, against the real stack over plain HTTP: the requester withdraws
// an open request; an approver calls off a change scheduled for the period end from the status link
// on the page after their decision. Nothing changes in the store; a forged form changes nothing.
import { expect } from 'chai';
import { waitForRequestState } from '../setup/stack.js';
import { createCsrf } from '../../client/http/csrf.js';
import {
  csrfIn,
  getPage,
  pageLink,
  postForm,
  startWebStack,
  tokenOf,
  waitForMail,
  type WebStack,
} from './web-stack.js';

/** Downgrades wait for the period end and need no support review here. */
const scheduledPolicy = {
  quote: {
    downgradeTiming: 'period_end' as const,
    supportReview: { planDowngrade: false, contactLimitDecrease: true },
  },
};

describe('web: cancelling from the status page', function () {
  this.timeout(120_000);
  let w: WebStack;

  before(async () => {
    w = await startWebStack({
      stack: { policy: scheduledPolicy },
      web: { pageRateLimit: { max: 100_000, timeWindowMs: 60_000 } },
    });
  });
  after(async () => w?.stop());
  beforeEach(async () => w.reset());

  it('lets the requester withdraw a pending request; a wrong CSRF field changes nothing', async () => {
    const seats = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + 1;
    const accepted = await w.submit('acme', { requestedBy: 'adam', changes: { seats }, locale: 'en' });
    const receipt = await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example');
    const statusLink = pageLink(receipt, 'status').replace('lang=de', 'lang=en');
    const page = await getPage(statusLink);
    expect(page.status).to.equal(200);
    expect(page.html).to.include('Withdraw request');

    const forged = await postForm(statusLink, { action: 'cancel', csrf: 'forged' });
    expect(forged.status).to.equal(403);
    expect((await w.stack.client.getStatus('acme', accepted.requestId)).state).to.equal('pending_approval');

    const done = await postForm(statusLink, {
      action: 'cancel',
      reason: 'Not needed <now>',
      csrf: csrfIn(page.html),
    });
    expect(done.status).to.equal(200);
    expect(done.html).to.include('Cancelled. Nothing was changed on the subscription.');
    expect(done.html).to.include('Not needed &lt;now&gt;');
    expect(done.html).to.not.include('<form');
    const view = await w.stack.client.getStatus('acme', accepted.requestId);
    expect(view.state).to.equal('cancelled');
    expect(view.timeline.at(-1)).to.include({ actor: 'adam', action: 'cancelled', channel: 'email_link' });
    // Once closed, a second post is refused with the page as it is and no form.
    const again = await postForm(statusLink, { action: 'cancel', csrf: csrfIn(page.html) });
    expect(again.status).to.equal(409);
    expect(again.html).to.not.include('<form');
  });

  it('lets an approver call off a scheduled change from the status link after their decision', async () => {
    const before = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!;
    const accepted = await w.submit('acme', {
      requestedBy: 'adam',
      changes: { plan: 'starter', addOns: { remove: ['priority_support'] } },
    });
    expect(accepted.quote.scheduledChangeAt).to.be.a('string');
    const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example');
    const link = pageLink(mail, 'approve');
    const form = await getPage(link);
    const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(form.html) });
    const statusLink = /href="([^"]*\/status\/[^"]+)"/.exec(result.html)?.[1]?.replaceAll('&amp;', '&');
    if (!statusLink) throw new Error(`no status link on the page after the decision:\n${result.html}`);
    await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'scheduled');

    const page = await getPage(statusLink);
    expect(page.html).to.include('Cancel the change scheduled for');
    const done = await postForm(statusLink, { action: 'cancel', csrf: csrfIn(page.html) });
    expect(done.status).to.equal(200);
    const view = await w.stack.client.getStatus('acme', accepted.requestId);
    expect(view.state).to.equal('cancelled');
    expect(view.timeline.at(-1)).to.include({ actor: 'bill', action: 'cancelled' });
    const after = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!;
    expect(after).to.deep.equal(before);
  });

  it('offers an approver no cancel form while the request still waits for approval', async () => {
    await w.stack.store.setApprovalPolicy('acme', { mode: 'all' });
    try {
      const seats = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + 1;
      const accepted = await w.submit('acme', { requestedBy: 'adam', changes: { seats } });
      const mail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example');
      const link = pageLink(mail, 'approve');
      const form = await getPage(link);
      // Bill's approval is the first of two: the request still waits, for Olivia.
      const result = await postForm(link, { decision: 'approve', reason: '', csrf: csrfIn(form.html) });
      const statusLink = /href="([^"]*\/status\/[^"]+)"/.exec(result.html)?.[1]?.replaceAll('&amp;', '&');
      if (!statusLink) throw new Error(`no status link on the page after the decision:\n${result.html}`);
      const page = await getPage(statusLink);
      expect(page.status).to.equal(200);
      expect(page.html).to.include('Waiting for approval');
      expect(page.html).to.not.include('<form');
      // Nor does a post with a valid form field: the workflow refuses an approver's withdrawal.
      const field = createCsrf(w.stack.deps.links.secret).fieldFor(tokenOf(statusLink));
      const forced = await postForm(statusLink, { action: 'cancel', csrf: field });
      expect(forced.status).to.equal(409);
      expect(forced.html).to.include('Only the requester can withdraw a request');
      expect((await w.stack.client.getStatus('acme', accepted.requestId)).state).to.equal('pending_approval');
    } finally {
      await w.stack.store.setApprovalPolicy('acme', { mode: 'any' });
    }
  });
});
