// The rules of delegations by example, and who stands in for an approver at an instant.
import { expect } from 'chai';
import fc from 'fast-check';
import { activeDelegate, checkDelegation, isActive } from '../../activities/delegation.js';
import type { ApprovalPolicy, Delegation } from '../../activities/store/policy-types.js';
import type { FieldProblem } from '../../workflows/request-errors.js';
import { members } from './members.js';

const now = new Date('2026-12-01T12:00:00Z');
const anyPolicy: ApprovalPolicy = { mode: 'any' };
const financePolicy: ApprovalPolicy = {
  mode: 'any',
  stages: [{ name: 'finance', aboveMinor: { EUR: 100_000 }, approvers: { userIds: ['fiona'] } }],
};
const holiday = { delegateTo: 'bill', from: '2026-12-20T00:00:00Z', until: '2027-01-06T00:00:00Z' };

function check(body: unknown, userId = 'olivia', policy = anyPolicy) {
  return checkDelegation(body, { accountId: 'acme', userId, members, policy, now });
}

function problems(body: unknown, userId = 'olivia', policy = anyPolicy): FieldProblem[] {
  const result = check(body, userId, policy);
  return result.ok ? [] : result.problems;
}

describe('delegation validation', () => {
  it('accepts another member for a bounded window in the future, normalising the instants', () => {
    expect(check(holiday)).to.deep.equal({
      ok: true,
      delegation: {
        accountId: 'acme',
        userId: 'olivia',
        delegateTo: 'bill',
        from: '2026-12-20T00:00:00.000Z',
        until: '2027-01-06T00:00:00.000Z',
      },
    });
    // Started already (now is inside the window), with an offset: fine.
    expect(problems({ ...holiday, from: '2026-11-30T09:00:00+01:00' })).to.deep.equal([]);
    // An agent may stand in; so may an admin (never for their own request: the workflow checks that).
    expect(problems({ ...holiday, delegateTo: 'agnes' })).to.deep.equal([]);
    expect(problems({ ...holiday, delegateTo: 'adam' })).to.deep.equal([]);
  });

  it('refuses a malformed body, naming the field', () => {
    expect(problems('bill')).to.deep.equal([{ field: 'body', message: 'must be a JSON object' }]);
    expect(problems({ from: holiday.from, until: holiday.until })).to.deep.equal([
      { field: 'delegateTo', message: 'is required' },
    ]);
    expect(problems({ ...holiday, until: 'next tuesday' })).to.deep.equal([
      { field: 'until', message: 'must be an ISO 8601 instant such as 2026-07-01T00:00:00Z' },
    ]);
    expect(problems({ ...holiday, from: 1_700_000_000 })).to.deep.equal([
      { field: 'from', message: 'must be a string' },
    ]);
    expect(problems({ ...holiday, reason: 'skiing' })).to.deep.equal([
      { field: 'reason', message: 'is not a known field' },
    ]);
  });

  it('wants the delegate to be another member of the account', () => {
    expect(problems({ ...holiday, delegateTo: 'olivia' })).to.deep.equal([
      { field: 'delegateTo', message: 'must be someone other than the approver' },
    ]);
    expect(problems({ ...holiday, delegateTo: 'hank' })).to.deep.equal([
      { field: 'delegateTo', message: 'is not a member of the account' },
    ]);
  });

  it('wants a window that ends after it starts, in the future, within a year', () => {
    expect(problems({ ...holiday, until: holiday.from })).to.deep.equal([
      { field: 'until', message: 'must be after from' },
    ]);
    expect(
      problems({ ...holiday, from: '2026-11-01T00:00:00Z', until: '2026-12-01T12:00:00Z' }),
    ).to.deep.equal([{ field: 'until', message: 'must be in the future' }]);
    // 20 December to 21 December a year later is 366 days: the longest window.
    expect(problems({ ...holiday, until: '2027-12-21T00:00:00Z' })).to.deep.equal([]);
    expect(problems({ ...holiday, until: '2027-12-21T00:00:01Z' })).to.deep.equal([
      { field: 'until', message: 'must be at most 366 days after from' },
    ]);
    expect(
      problems({ ...holiday, from: '2028-01-01T00:00:00Z', until: '2028-01-10T00:00:00Z' }),
    ).to.deep.equal([{ field: 'from', message: 'must be at most 366 days from now' }]);
  });

  it('lets only someone who approves delegate: the first stage, or a member named in a stage', () => {
    expect(problems({ ...holiday, delegateTo: 'olivia' }, 'bill')).to.deep.equal([]);
    expect(problems({ ...holiday, delegateTo: 'bill' }, 'fiona')).to.deep.equal([
      {
        field: 'userId',
        message:
          "fiona (agent) approves nothing under the account's approval policy, so has nothing to delegate",
      },
    ]);
    expect(problems({ ...holiday, delegateTo: 'bill' }, 'fiona', financePolicy)).to.deep.equal([]);
    const byRole: ApprovalPolicy = {
      mode: 'any',
      stages: [{ name: 'admins', aboveMinor: { EUR: 0 }, approvers: { roles: ['admin'] } }],
    };
    expect(problems({ ...holiday, delegateTo: 'bill' }, 'adam', byRole)).to.deep.equal([]);
    expect(problems({ ...holiday }, 'nobody')).to.deep.equal([
      { field: 'userId', message: 'is not a member of the account' },
    ]);
  });
});

describe('activeDelegate', () => {
  const delegations: Delegation[] = [
    {
      accountId: 'acme',
      userId: 'olivia',
      delegateTo: 'bill',
      from: '2026-12-20T00:00:00.000Z',
      until: '2027-01-06T00:00:00.000Z',
    },
    {
      accountId: 'acme',
      userId: 'bill',
      delegateTo: 'agnes',
      from: '2026-12-01T00:00:00.000Z',
      until: '2026-12-24T00:00:00.000Z',
    },
  ];

  it('names the delegate inside the window [from, until) and nobody outside it', () => {
    expect(activeDelegate(delegations, 'olivia', '2026-12-19T23:59:59.999Z')).to.equal(undefined);
    expect(activeDelegate(delegations, 'olivia', '2026-12-20T00:00:00.000Z')).to.equal('bill');
    expect(activeDelegate(delegations, 'olivia', new Date('2027-01-05T23:59:59Z'))).to.equal('bill');
    expect(activeDelegate(delegations, 'olivia', '2027-01-06T00:00:00.000Z')).to.equal(undefined);
    expect(activeDelegate(delegations, 'adam', '2026-12-21T00:00:00.000Z')).to.equal(undefined);
  });

  it('does not chain: the delegate of a delegate is not asked', () => {
    // On 22 December olivia is away (to bill) and bill is away (to agnes): olivia's stand-in is bill.
    expect(activeDelegate(delegations, 'olivia', '2026-12-22T00:00:00Z')).to.equal('bill');
    expect(activeDelegate(delegations, 'bill', '2026-12-22T00:00:00Z')).to.equal('agnes');
  });

  it('agrees with the window for any instant (property)', () => {
    const instant = fc.integer({ min: Date.parse('2026-01-01'), max: Date.parse('2028-01-01') });
    fc.assert(
      fc.property(instant, instant, instant, (a, b, t) => {
        const [from, until] = a <= b ? [a, b] : [b, a];
        const d: Delegation = {
          accountId: 'acme',
          userId: 'olivia',
          delegateTo: 'bill',
          from: new Date(from).toISOString(),
          until: new Date(until).toISOString(),
        };
        const expected = from <= t && t < until ? 'bill' : undefined;
        return (
          activeDelegate([d], 'olivia', new Date(t)) === expected &&
          isActive(d, new Date(t)) === (expected !== undefined)
        );
      }),
    );
  });
});
