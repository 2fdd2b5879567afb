// The JSON API of docs/http-api.md against the real stack: status codes, bodies and field paths
// exactly as host apps (and the black-box tests) rely on them.
import { expect } from 'chai';
import type { AccountSubscriptionView } from '../../activities/store/account-view.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import { waitForRequestState } from '../setup/stack.js';
import { API_TOKEN, startWebStack, type WebStack } from './web-stack.js';

const base = '/api/v1/accounts';

describe('web: JSON API', function () {
  this.timeout(120_000);
  let w: WebStack;

  before(async () => {
    w = await startWebStack();
  });
  after(async () => {
    await w?.stop();
  });
  beforeEach(async () => {
    await w.reset();
  });

  it('answers /healthz without a token, with the security headers', async () => {
    const response = await fetch(`${w.url}/healthz`);
    expect(response.status).to.equal(200);
    expect(await response.json()).to.deep.equal({ ok: true });
    expect(response.headers.get('referrer-policy')).to.equal('no-referrer');
    expect(response.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(response.headers.get('cache-control')).to.equal('no-store');
  });

  it('refuses the API without the right bearer token (401 JSON)', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${API_TOKEN}`, `Bearer ${API_TOKEN}x`]) {
      const response = await fetch(`${w.url}${base}/acme/subscription`, {
        headers: authorization ? { authorization } : {},
      });
      expect(response.status, String(authorization)).to.equal(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).to.equal('UNAUTHORIZED');
      expect(body.error.message).to.be.a('string').with.length.greaterThan(0);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    }
  });

  it('shows the current subscription and who may approve', async () => {
    const { status, json } = await w.api('GET', `${base}/acme/subscription`);
    expect(status).to.equal(200);
    const view = json as unknown as AccountSubscriptionView;
    expect(view).to.include({ plan: 'team', seats: 5, interval: 'month', currency: 'EUR' });
    expect(view.addOns).to.deep.equal(['priority_support']);
    expect(view.version).to.be.a('number');
    expect(view.periodStart).to.be.a('string');
    expect(view.approvers.map((a) => a.userId).sort()).to.deep.equal(['bill', 'olivia']);

    const unknown = await w.api('GET', `${base}/nobody/subscription`);
    expect(unknown.status).to.equal(404);
    expect(unknown.json.error?.code).to.equal('UNKNOWN_ACCOUNT');
  });

  it('submits (201), refuses a second open request (409 naming it), lists, shows and decides', async () => {
    const first = await w.api('POST', `${base}/acme/change-requests`, {
      requestedBy: 'adam',
      changes: { seats: 8 },
      note: 'Two new colleagues start Monday',
    });
    expect(first.status).to.equal(201);
    expect(first.json).to.have.keys('requestId', 'status', 'quote', 'approvers');
    const requestId = first.json.requestId as string;
    expect(first.json.status).to.equal('pending_approval');
    expect((first.json.quote as { totalMinor: number }).totalMinor).to.be.greaterThan(0);

    const second = await w.api('POST', `${base}/acme/change-requests`, {
      requestedBy: 'adam',
      changes: { seats: 9 },
    });
    expect(second.status).to.equal(409);
    expect(second.json.error?.code).to.equal('REQUEST_ALREADY_OPEN');
    expect(second.json.error?.openRequestId).to.equal(requestId);
    expect(second.json.requestId).to.equal(requestId);
    expect(second.json.openRequestId).to.equal(requestId);

    const listed = await w.api('GET', `${base}/acme/change-requests`);
    expect(listed.status).to.equal(200);
    const requests = listed.json.requests as Array<{ requestId: string; status: string }>;
    expect(requests[0]).to.include({ requestId, status: 'pending_approval' });
    const pending = await w.api('GET', `${base}/acme/change-requests?status=pending_approval`);
    expect((pending.json.requests as Array<{ requestId: string }>).map((r) => r.requestId)).to.include(
      requestId,
    );
    const applied = await w.api('GET', `${base}/acme/change-requests?status=applied`);
    expect((applied.json.requests as Array<{ requestId: string }>).map((r) => r.requestId)).to.not.include(
      requestId,
    );

    const shown = await w.api('GET', `${base}/acme/change-requests/${requestId}`);
    expect(shown.status).to.equal(200);
    const view = shown.json as unknown as RequestStatusView;
    expect(view).to.include({
      requestId,
      state: 'pending_approval',
      note: 'Two new colleagues start Monday',
    });
    expect(view.timeline.map((t) => t.action)).to.include('submitted');

    const rejectWithoutReason = await w.api('POST', `${base}/acme/change-requests/${requestId}/decision`, {
      approverId: 'bill',
      decision: 'reject',
    });
    expect(rejectWithoutReason.status).to.equal(400);
    expect(rejectWithoutReason.json.error?.problems).to.deep.include({
      field: 'reason',
      message: 'is required when rejecting',
    });

    const selfApproval = await w.api('POST', `${base}/acme/change-requests/${requestId}/decision`, {
      approverId: 'adam',
      decision: 'approve',
    });
    expect(selfApproval.status).to.equal(403);
    expect(selfApproval.json.error).to.include({
      code: 'NOT_AN_APPROVER',
      message: 'A requester cannot decide their own request',
    });

    const decided = await w.api('POST', `${base}/acme/change-requests/${requestId}/decision`, {
      approverId: 'bill',
      decision: 'approve',
    });
    expect(decided.status).to.equal(200);
    expect((decided.json as unknown as RequestStatusView).decision).to.include({
      by: 'bill',
      decision: 'approve',
    });
    await waitForRequestState(w.stack.client, 'acme', requestId, 'applied');
    const subscription = await w.api('GET', `${base}/acme/subscription`);
    expect(subscription.json.seats).to.equal(8);

    const again = await w.api('POST', `${base}/acme/change-requests/${requestId}/decision`, {
      approverId: 'olivia',
      decision: 'approve',
    });
    expect(again.status).to.equal(409);
    expect(again.json.error?.code).to.equal('REQUEST_NOT_OPEN');
  });

  it('lets the requester cancel, and nobody else', async () => {
    const { requestId } = await w.submit('acme', { requestedBy: 'adam', changes: { seats: 6 } });
    const byOther = await w.api('POST', `${base}/acme/change-requests/${requestId}/cancel`, {
      userId: 'bill',
    });
    expect(byOther.status).to.equal(403);
    const cancelled = await w.api('POST', `${base}/acme/change-requests/${requestId}/cancel`, {
      userId: 'adam',
      reason: 'not needed after all',
    });
    expect(cancelled.status).to.equal(200);
    expect(cancelled.json.state).to.equal('cancelled');
  });

  it('answers 400 with field paths, 403 for the role, 404 for unknown accounts and requests', async () => {
    const cases: Array<[unknown, string, RegExp?]> = [
      [{ requestedBy: 'adam', changes: { seats: 0 } }, 'changes.seats'],
      [{ requestedBy: 'adam', changes: { seats: 2.5 } }, 'changes.seats'],
      [{ changes: { seats: 8 } }, 'requestedBy'],
      [{ requestedBy: 'adam' }, 'changes'],
      [{ requestedBy: 'adam', changes: {} }, 'changes'],
      [{ requestedBy: 'adam', changes: { seats: 8 }, note: 42 }, 'note'],
      [{ requestedBy: 'adam', changes: { seats: 8 }, note: 'x'.repeat(2001) }, 'note'],
      [{ requestedBy: 'adam', changes: { seats: 8 }, locale: 'fr' }, 'locale'],
      [{ requestedBy: 'adam', changes: { interval: 'week' } }, 'changes.interval'],
      [{ requestedBy: 'adam', changes: { addOns: { add: [1] } } }, 'changes.addOns.add[0]'],
      [
        { requestedBy: 'adam', changes: { paymentMethod: { card: '4242' } } },
        'changes.paymentMethod',
        /payment/,
      ],
      [{ requestedBy: 'adam', changes: { seats: 8, invoice: 'x' } }, 'changes.invoice', /invoice/],
      [{ requestedBy: 'adam', changes: { seats: 8 }, paymentMethod: 'card' }, 'paymentMethod', /payment/],
      [{ requestedBy: 'adam', changes: { seats: 8 }, extra: true }, 'extra', /not a known field/],
      [{ requestedBy: 'a b', changes: { seats: 8 } }, 'requestedBy'],
      [[{ requestedBy: 'adam' }], 'body'],
    ];
    for (const [body, field, message] of cases) {
      const { status, json } = await w.api('POST', `${base}/acme/change-requests`, body);
      const label = JSON.stringify(body).slice(0, 80);
      expect(status, label).to.equal(400);
      expect(json.error?.code, label).to.equal('INVALID_INPUT');
      const problem = json.error?.problems?.find((p) => p.field === field);
      expect(problem, `${label}: ${JSON.stringify(json.error?.problems)}`).to.not.equal(undefined);
      if (message) expect(problem?.message).to.match(message);
    }

    const agent = await w.api('POST', `${base}/acme/change-requests`, {
      requestedBy: 'agnes',
      changes: { seats: 8 },
    });
    expect(agent.status).to.equal(403);
    expect(agent.json.error?.code).to.equal('FORBIDDEN_ROLE');

    const unknownAccount = await w.api('POST', `${base}/nobody/change-requests`, {
      requestedBy: 'adam',
      changes: { seats: 8 },
    });
    expect(unknownAccount.status).to.equal(404);
    expect(unknownAccount.json.error?.code).to.equal('UNKNOWN_ACCOUNT');

    const unknownRequest = await w.api('GET', `${base}/acme/change-requests/req_doesnotexist`);
    expect(unknownRequest.status).to.equal(404);
    const unknownList = await w.api('GET', `${base}/nobody/change-requests`);
    expect(unknownList.status).to.equal(404);
    const badStatus = await w.api('GET', `${base}/acme/change-requests?status=bogus`);
    expect(badStatus.status).to.equal(400);
    expect(badStatus.json.error?.problems?.[0]?.field).to.equal('status');

    const badAccount = await w.api('GET', `${base}/${encodeURIComponent('-acme')}/subscription`);
    expect(badAccount.status).to.equal(400);
    expect(badAccount.json.error?.problems?.[0]?.field).to.equal('accountId');
    const badRequest = await w.api('GET', `${base}/acme/change-requests/${'r'.repeat(65)}`);
    expect(badRequest.status).to.equal(400);
    expect(badRequest.json.error?.problems?.[0]?.field).to.equal('requestId');
  });

  it('answers malformed bodies with JSON 4xx: bad JSON, wrong content type, too large', async () => {
    const post = (body: string, contentType: string) =>
      fetch(`${w.url}${base}/acme/change-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': contentType },
        body,
      });
    const expectations: Array<[Response, number]> = [
      [await post('{"requestedBy": "adam", ', 'application/json'), 400],
      [await post('requestedBy=adam', 'application/x-www-form-urlencoded'), 415],
      [await post('hello', 'text/plain'), 415],
      [
        await post(JSON.stringify({ requestedBy: 'adam', note: 'x'.repeat(70_000) }), 'application/json'),
        413,
      ],
      [await post('{"__proto__": {"admin": true}}', 'application/json'), 400],
    ];
    for (const [response, status] of expectations) {
      expect(response.status).to.equal(status);
      expect(response.headers.get('content-type')).to.match(/^application\/json/);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).to.be.a('string').with.length.greaterThan(0);
      expect(JSON.stringify(body)).to.not.match(/\bat .+\.(ts|js):\d+/);
    }
  });
});
