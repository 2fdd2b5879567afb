// Reads come from the store's read model, not from a workflow Query: with every worker stopped the
// API status (saying how fresh it is, `asOf`), the status page and the approval page still answer,
// the approval page still decides nothing and refuses dead links with the same neutral page, and
// once a worker is back a decision made then shows in both reads. Through a Query each of these
// reads would wait for a worker and fail (503, "temporarily unavailable").
import { expect } from 'chai';
import { newNonce, signLinkToken } from '../../activities/mailer/index.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import { waitForRequestState } from '../setup/stack.js';
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

describe('web: reads while no worker runs', function () {
  this.timeout(120_000);
  let w: WebStack;
  let workerStopped = false;

  before(async () => {
    w = await startWebStack({ web: { pageRateLimit: { max: 100_000, timeWindowMs: 60_000 } } });
  });
  after(async () => {
    // A failed assertion while the worker was stopped must not leave the stack without one.
    if (workerStopped) await w.stack.startWorker();
    await w?.stop();
  });

  it('answers status, status page and approval page from the store, then shows a later decision', async () => {
    const seats = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats + 1;
    const accepted = await w.submit('acme', { requestedBy: 'adam', changes: { seats } });
    const approvalLink = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example'),
      'approve',
    );
    const statusLink = pageLink(
      await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example'),
      'status',
    ).replace('lang=de', 'lang=en');
    const statusPath = `/api/v1/accounts/acme/change-requests/${accepted.requestId}`;
    const token = tokenOf(approvalLink);
    const dead = {
      tampered: `${w.url}/approve/${token.slice(0, 5)}${token[5] === 'A' ? 'B' : 'A'}${token.slice(6)}?lang=en`,
      wrongRound: `${w.url}/approve/${signLinkToken(
        {
          purpose: 'approve',
          requestId: accepted.requestId,
          accountId: 'acme',
          subject: 'bill',
          round: 2,
          stage: 0,
          nonce: newNonce(),
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        w.stack.deps.links.secret,
      )}?lang=en`,
    };
    const neutralWithWorker = await getPage(dead.wrongRound);
    expect(neutralWithWorker.status).to.equal(410);
    const before = (await w.api('GET', statusPath)).json as unknown as RequestStatusView;
    expect(before.state).to.equal('pending_approval');

    await w.stack.stopWorker();
    workerStopped = true;
    const started = Date.now();
    const api = await w.api('GET', statusPath);
    expect(api.status, JSON.stringify(api.json)).to.equal(200);
    const view = api.json as unknown as RequestStatusView;
    expect(view.state).to.equal('pending_approval');
    // How fresh: the time the workflow last recorded the view, no later than now.
    expect(view.asOf, 'asOf').to.be.a('string');
    expect(Date.parse(view.asOf!)).to.be.at.least(Date.parse(view.submittedAt));
    expect(Date.parse(view.asOf!)).to.be.at.most(Date.now());

    const statusPage = await getPage(statusLink);
    expect(statusPage.status).to.equal(200);
    expect(statusPage.html).to.include('Waiting for approval');
    // And says how fresh it is, like the API's asOf.
    expect(statusPage.html).to.match(/As of [^<]*\d/);

    const approvalPage = await getPage(approvalLink);
    expect(approvalPage.status).to.equal(200);
    expect(approvalPage.html).to.include('You are deciding as Bill Billing');
    const csrf = csrfIn(approvalPage.html);
    for (const [name, url] of Object.entries(dead)) {
      const page = await getPage(url);
      expect(page.status, name).to.equal(410);
      expect(page.html, name).to.equal(neutralWithWorker.html);
    }
    // A Query would have waited for the client's deadline (seconds) on each read above.
    expect(Date.now() - started, 'reads answered without waiting for a worker').to.be.lessThan(5_000);

    await w.stack.startWorker();
    workerStopped = false;
    // The GETs decided nothing: the same view, nothing new in its timeline.
    const unchanged = (await w.api('GET', statusPath)).json as unknown as RequestStatusView;
    expect(unchanged.state).to.equal('pending_approval');
    expect(unchanged.timeline).to.deep.equal(before.timeline);

    const approved = await postForm(approvalLink, { decision: 'approve', reason: '', csrf });
    expect(approved.status).to.equal(200);
    await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');
    const after = (await w.api('GET', statusPath)).json as unknown as RequestStatusView;
    expect(after.state).to.equal('applied');
    expect(after.decision).to.include({ decision: 'approve', by: 'bill' });
    expect(Date.parse(after.asOf!)).to.be.greaterThan(Date.parse(view.asOf!));
    const decidedPage = await getPage(statusLink);
    expect(decidedPage.html).to.include('Approved by Bill Billing');
  });
});
