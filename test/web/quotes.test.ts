// POST /api/v1/accounts/{accountId}/quotes against the real stack: the price preview a host app (and
// the portal) shows before submitting. It must be exactly the quote the submission then gets at the
// same instant, refuse what a submission refuses with the same status, and change nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Quote } from '../../activities/pricing/types.js';
import { startWebStack, type ApiBody, type WebStack } from './web-stack.js';

const base = '/api/v1/accounts';

/** Change sets around acme's seeded subscription (suite, team, 5 seats, monthly, priority_support). */
const changeSets = fc
  .record(
    {
      plan: fc.constantFrom('starter', 'team', 'professional', 'enterprise', 'no_such_plan'),
      seats: fc.integer({ min: 1, max: 40 }),
      interval: fc.constantFrom('month', 'year'),
      addOns: fc.record(
        {
          add: fc.subarray(['analytics', 'sso'], { minLength: 1 }),
          remove: fc.constant(['priority_support']),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  )
  .filter((changes) => Object.keys(changes).length > 0);

describe('web: quotes endpoint', function () {
  this.timeout(300_000);
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

  const quote = (accountId: string, body: unknown) => w.api('POST', `${base}/${accountId}/quotes`, body);
  const fieldsOf = (json: ApiBody) => (json.error?.problems ?? []).map((p) => p.field);

  it('answers 200 {quote} and opens nothing: no request, no mail, the subscription untouched', async () => {
    const before = await w.api('GET', `${base}/acme/subscription`);
    const { status, json } = await quote('acme', { changes: { seats: 9 } });
    expect(status).to.equal(200);
    expect(json).to.have.keys('quote');
    const q = json.quote as Quote;
    expect(q.kinds).to.deep.equal(['seat_increase']);
    expect(q.after.seats).to.equal(9);
    expect(q.totalMinor).to.be.greaterThan(0);
    expect(q.route).to.equal('approval');

    // An owner's quote carries the direct route their submission takes.
    const owner = await quote('acme', { changes: { seats: 9 }, requestedBy: 'olivia' });
    expect(owner.status).to.equal(200);
    expect((owner.json.quote as Quote).route).to.equal('direct');

    expect(await w.stack.client.openRequestId('acme')).to.equal(undefined);
    expect((await w.api('GET', `${base}/acme/change-requests`)).json.requests).to.deep.equal([]);
    expect(w.stack.sink.messages()).to.deep.equal([]);
    expect((await w.api('GET', `${base}/acme/subscription`)).json).to.deep.equal(before.json);
  });

  it('prices at a given instant: the same `at` gives the same quote', async () => {
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const first = await quote('acme', { changes: { plan: 'professional' }, at });
    const second = await quote('acme', { changes: { plan: 'professional' }, at: at.replace('Z', '+00:00') });
    expect(first.status).to.equal(200);
    expect((first.json.quote as Quote).at).to.equal(at);
    expect(second.json).to.deep.equal(first.json);
  });

  it('refuses bad input with 400 naming the field, like a submission', async () => {
    const cases: Array<[unknown, string]> = [
      [{ changes: { seats: 'many' } }, 'changes.seats'],
      [{}, 'changes'],
      [{ changes: {} }, 'changes'],
      [{ changes: { seats: 3 }, at: 'yesterday' }, 'at'],
      [{ changes: { seats: 3 }, requestedBy: 'not an id' }, 'requestedBy'],
      [{ changes: { seats: 3 }, note: 'quotes take no note' }, 'note'],
      [{ changes: { paymentMethod: 'card' } }, 'changes.paymentMethod'],
      [[{ changes: { seats: 3 } }], 'body'],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await quote('acme', body);
      expect(status, JSON.stringify(body)).to.equal(400);
      expect(json.error?.code, JSON.stringify(body)).to.equal('INVALID_INPUT');
      expect(fieldsOf(json), JSON.stringify(body)).to.include(field);
      expect(json.error?.message).to.contain(field);
    }
    // A change the catalog refuses: 400 with the field, as the submission answers it.
    const tooMany = await quote('acme', { changes: { seats: 100_000 }, requestedBy: 'adam' });
    const submitted = await w.api('POST', `${base}/acme/change-requests`, {
      requestedBy: 'adam',
      changes: { seats: 100_000 },
    });
    expect(tooMany.status).to.equal(400);
    expect(tooMany.json).to.deep.equal(submitted.json);
  });

  it('answers 404 for an unknown account and 403 for a requester a submission refuses, as a submission does', async () => {
    const unknown = await quote('nobody', { changes: { seats: 3 } });
    expect(unknown.status).to.equal(404);
    expect(unknown.json.error?.code).to.equal('UNKNOWN_ACCOUNT');
    const submitted = await w.api('POST', `${base}/nobody/change-requests`, {
      requestedBy: 'adam',
      changes: { seats: 3 },
    });
    expect(submitted.status).to.equal(404);
    expect((await quote('nobody', { changes: { seats: 3 }, requestedBy: 'adam' })).json).to.deep.equal(
      submitted.json,
    );

    const stranger = await quote('acme', { changes: { seats: 3 }, requestedBy: 'mallory' });
    const strangerSubmits = await w.api('POST', `${base}/acme/change-requests`, {
      requestedBy: 'mallory',
      changes: { seats: 3 },
    });
    expect(stranger.status).to.equal(403);
    expect(stranger.json).to.deep.equal(strangerSubmits.json);
    // Without a requester nothing about one is checked: the change is priced.
    expect((await quote('acme', { changes: { seats: 3 } })).status).to.equal(200);
  });

  it("equals the submission's quote for the same change at the same instant (property, real workflow)", async () => {
    await fc.assert(
      fc.asyncProperty(changeSets, async (changes) => {
        await w.reset();
        const submitted = await w.api('POST', `${base}/acme/change-requests`, {
          requestedBy: 'adam',
          changes,
        });
        if (submitted.status !== 201) {
          // A refused submission: the quote is refused the same way (status, code, problems).
          const refused = await quote('acme', { changes, requestedBy: 'adam' });
          expect(refused.status, JSON.stringify(changes)).to.equal(submitted.status);
          expect(refused.json, JSON.stringify(changes)).to.deep.equal(submitted.json);
          return;
        }
        // The workflow priced it at its own clock; the quote's `at` says when. A pending request
        // leaves the subscription as it was, so quoting now at that instant must give every field.
        const theirs = submitted.json.quote as Quote;
        const ours = await quote('acme', { changes, requestedBy: 'adam', at: theirs.at });
        expect(ours.status, JSON.stringify(changes)).to.equal(200);
        expect(ours.json.quote, JSON.stringify(changes)).to.deep.equal(theirs);
        // Priced only (no requester): an admin's submission takes the approval route, so it is the same too.
        const priceOnly = await quote('acme', { changes, at: theirs.at });
        expect(priceOnly.json.quote, JSON.stringify(changes)).to.deep.equal(theirs);
      }),
      { numRuns: 15 },
    );
  });
});
