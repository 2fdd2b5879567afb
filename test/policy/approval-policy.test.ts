// The rules of approval policies by example: each refusal names its field and says why; the plan
// of one request; the default policy from PLANGATE_APPROVAL_POLICY.
import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import {
  checkApprovalPolicy,
  parseApprovalPolicy,
  resolveApprovalPlan,
  validateApprovalPolicy,
} from '../../activities/approval-policy.js';
import type { ApprovalPolicy } from '../../activities/store/policy-types.js';
import type { FieldProblem } from '../../workflows/request-errors.js';
import { members } from './members.js';
import { loadEnvironment } from '../../config/environment.js';

const finance = { name: 'finance', aboveMinor: { EUR: 100_000 }, approvers: { userIds: ['fiona'] } };

function problems(raw: unknown): FieldProblem[] {
  const check = checkApprovalPolicy(raw, members);
  return check.ok ? [] : check.problems;
}

/** The one problem of a policy, as "field: message". */
function only(raw: unknown): string {
  const found = problems(raw);
  expect(found, JSON.stringify(found)).to.have.length(1);
  return `${found[0]?.field}: ${found[0]?.message}`;
}

describe('approval policy validation', () => {
  it('accepts the policies of the README: a finance stage above 1,000 EUR, and all owners and billing admins', () => {
    const policy = { mode: 'any', stages: [finance], watchers: ['agnes'] };
    expect(checkApprovalPolicy(policy, members)).to.deep.equal({ ok: true, policy });
    expect(checkApprovalPolicy({ mode: 'all' }, members)).to.deep.equal({
      ok: true,
      policy: { mode: 'all' },
    });
    const quorum = {
      mode: 'quorum',
      quorum: 2,
      stages: [{ ...finance, approvers: { roles: ['admin', 'owner'] }, mode: 'quorum', quorum: 2 }],
    };
    expect(checkApprovalPolicy(quorum, members).ok).to.equal(true);
  });

  it('refuses what is not a policy, naming the field', () => {
    expect(problems([])).to.deep.equal([{ field: 'body', message: 'must be a JSON object' }]);
    expect(only({})).to.equal('mode: is required');
    expect(only({ mode: 'most' })).to.equal('mode: must be "any", "all" or "quorum"');
    expect(only({ mode: 'any', extra: 1 })).to.equal('extra: is not a known field');
    expect(only({ mode: 'quorum', quorum: 1.5 })).to.equal('quorum: must be a whole number');
    expect(only({ mode: 'any', stages: [{ ...finance, approvers: { roles: ['cfo'] } }] })).to.equal(
      'stages[0].approvers.roles[0]: must be one of owner, billing_admin, admin, agent',
    );
    expect(only({ mode: 'any', stages: [{ ...finance, name: undefined }] })).to.equal(
      'stages[0].name: is required',
    );
    expect(only({ mode: 'any', watchers: 'agnes' })).to.equal('watchers: must be a list of user ids');
  });

  it('wants a quorum with mode quorum and only there, in the policy and in each stage', () => {
    expect(only({ mode: 'quorum' })).to.equal('quorum: is required with mode "quorum"');
    expect(only({ mode: 'all', quorum: 2 })).to.equal(
      'quorum: is only allowed with mode "quorum", not "all"',
    );
    expect(only({ mode: 'any', stages: [{ ...finance, mode: 'quorum' }] })).to.equal(
      'stages[0].quorum: is required with mode "quorum"',
    );
    expect(only({ mode: 'any', stages: [{ ...finance, quorum: 1 }] })).to.equal(
      'stages[0].quorum: is only allowed with mode "quorum", not "any"',
    );
  });

  it('refuses a quorum larger than the approvers it can draw on', () => {
    expect(only({ mode: 'quorum', quorum: 3 })).to.equal(
      'quorum: is 3, but the account has only 2 owners and billing admins to approve (bill, olivia)',
    );
    expect(
      only({
        mode: 'any',
        stages: [{ ...finance, approvers: { userIds: ['fiona', 'agnes'] }, mode: 'quorum', quorum: 3 }],
      }),
    ).to.equal('stages[0].quorum: is 3, but the stage has only 2 approvers (agnes, fiona)');
  });

  it('refuses a stage without approvers, and users who are not members', () => {
    expect(only({ mode: 'any', stages: [{ ...finance, approvers: {} }] })).to.equal(
      'stages[0].approvers: must name at least one user id or role',
    );
    expect(only({ mode: 'any', stages: [{ ...finance, approvers: { userIds: [], roles: [] } }] })).to.equal(
      'stages[0].approvers: must name at least one user id or role',
    );
    const noOwner = members.filter((m) => m.role !== 'owner');
    const check = checkApprovalPolicy(
      { mode: 'any', stages: [{ ...finance, approvers: { roles: ['owner'] } }] },
      noOwner,
    );
    expect(check).to.deep.equal({
      ok: false,
      problems: [{ field: 'stages[0].approvers', message: 'names no member of the account' }],
    });
    expect(
      only({ mode: 'any', stages: [{ ...finance, approvers: { userIds: ['fiona', 'frank'] } }] }),
    ).to.equal('stages[0].approvers.userIds[1]: is not a member of the account');
    expect(only({ mode: 'any', watchers: ['agnes', 'hank'] })).to.equal(
      'watchers[1]: is not a member of the account',
    );
  });

  it("refuses duplicate stage names, the first stage's name, and repeated users", () => {
    expect(only({ mode: 'any', stages: [finance, { ...finance, aboveMinor: { EUR: 500_000 } }] })).to.equal(
      'stages[1].name: is already the name of stages[0]',
    );
    expect(only({ mode: 'any', stages: [{ ...finance, name: 'approval' }] })).to.equal(
      'stages[0].name: "approval" is the name of the first stage (owners and billing admins)',
    );
    expect(
      only({ mode: 'any', stages: [{ ...finance, approvers: { userIds: ['fiona', 'fiona'] } }] }),
    ).to.equal('stages[0].approvers.userIds[1]: repeats "fiona"');
    expect(only({ mode: 'any', watchers: ['agnes', 'agnes'] })).to.equal('watchers[1]: repeats "agnes"');
  });

  it('wants amounts as non-negative whole minor units in ISO 4217 currencies', () => {
    const stage = (aboveMinor: unknown) => ({ mode: 'any', stages: [{ ...finance, aboveMinor }] });
    expect(only(stage({ EUR: -1 }))).to.equal('stages[0].aboveMinor.EUR: must not be negative');
    expect(only(stage({ EUR: 1000.5 }))).to.equal(
      'stages[0].aboveMinor.EUR: must be a whole number of minor units (cents)',
    );
    expect(only(stage({ EUR: '1000' }))).to.equal(
      'stages[0].aboveMinor.EUR: must be a number (minor units, e.g. cents)',
    );
    expect(only(stage({ eur: 100 }))).to.equal(
      'stages[0].aboveMinor.eur: is not an ISO 4217 currency code in upper case, such as EUR',
    );
    expect(only(stage({ XYZ: 100 }))).to.equal(
      'stages[0].aboveMinor.XYZ: is not an ISO 4217 currency code in upper case, such as EUR',
    );
    expect(only(stage({}))).to.equal(
      'stages[0].aboveMinor: must give an amount in at least one currency, such as {"EUR": 100000}',
    );
    expect(problems(stage({ EUR: 0, JPY: 150_000, USD: 120_000 }))).to.deep.equal([]);
  });

  it('refuses a watcher who approves in the first stage: they are told anyway', () => {
    expect(only({ mode: 'any', watchers: ['olivia'] })).to.equal(
      'watchers[0]: olivia is an owner and approves in the first stage, so is told of every step already',
    );
    expect(only({ mode: 'any', watchers: ['bill'] })).to.match(/^watchers\[0\]: bill is a billing admin/);
    // A later stage's approver may watch the first: they decide only in their own stage.
    expect(problems({ mode: 'any', stages: [finance], watchers: ['fiona'] })).to.deep.equal([]);
  });

  it('refuses a stage that an admin, who may submit, would leave short of approvals', () => {
    // adam alone: a request of his would leave the stage with nobody.
    expect(only({ mode: 'any', stages: [{ ...finance, approvers: { userIds: ['adam'] } }] })).to.equal(
      'stages[0].approvers: adam is the only approver and, as an admin, may submit requests, which nobody approves themselves: name another approver',
    );
    // Two admins and a quorum of two: whichever submits, one approver is left.
    expect(
      only({
        mode: 'any',
        stages: [{ ...finance, approvers: { roles: ['admin'] }, mode: 'quorum', quorum: 2 }],
      }),
    ).to.equal(
      'stages[0].quorum: is 2, but a request from adam (an admin, never an approver of their own request) leaves 1 approvers: lower the quorum or name more approvers',
    );
    // Fine when enough are left whoever submits.
    expect(
      problems({ mode: 'any', stages: [{ ...finance, approvers: { roles: ['admin'] } }] }),
    ).to.deep.equal([]);
    expect(
      problems({
        mode: 'any',
        stages: [{ ...finance, approvers: { userIds: ['adam', 'fiona'] }, mode: 'all' }],
      }),
    ).to.deep.equal([]);
  });

  it('reports every problem at once', () => {
    const found = problems({
      mode: 'quorum',
      stages: [
        { ...finance, approvers: { userIds: ['nobody'] } },
        { ...finance, aboveMinor: { EUR: 1 } },
      ],
      watchers: ['olivia'],
    });
    expect(found.map((p) => p.field)).to.deep.equal([
      'quorum',
      'stages[1].name',
      'stages[0].approvers.userIds[0]',
      'watchers[0]',
    ]);
  });

  it('validates a stored policy again, e.g. after members left (validateApprovalPolicy)', () => {
    const policy: ApprovalPolicy = { mode: 'any', stages: [finance] };
    expect(validateApprovalPolicy(policy, members)).to.deep.equal([]);
    expect(
      validateApprovalPolicy(
        policy,
        members.filter((m) => m.userId !== 'fiona'),
      ),
    ).to.deep.equal([{ field: 'stages[0].approvers.userIds[0]', message: 'is not a member of the account' }]);
  });

  it('trims stage names and keeps the policy as given otherwise', () => {
    const parsed = parseApprovalPolicy({ mode: 'any', stages: [{ ...finance, name: '  finance ' }] });
    expect(parsed).to.deep.equal({ ok: true, policy: { mode: 'any', stages: [finance] } });
  });
});

describe('approval plan of one request', () => {
  const eur = (totalMinor: number) => ({ currency: 'EUR', totalMinor });
  const ids = (people: Array<{ userId: string }>) => people.map((p) => p.userId);

  it('mode any without stages is today: one stage, one approval, the owner and billing admins', () => {
    const plan = resolveApprovalPlan({
      policy: { mode: 'any' },
      members,
      requesterId: 'adam',
      quote: eur(5_000),
    });
    expect(plan).to.deep.equal({
      stages: [
        {
          name: 'approval',
          mode: 'any',
          needed: 1,
          approvers: [
            { userId: 'bill', name: 'bill', role: 'billing_admin' },
            { userId: 'olivia', name: 'olivia', role: 'owner' },
          ],
        },
      ],
      watchers: [],
    });
  });

  it("adds the finance stage only above its amount in the quote's currency", () => {
    const policy: ApprovalPolicy = { mode: 'all', stages: [finance], watchers: ['agnes', 'olivia', 'adam'] };
    const at = (quote: { currency: string; totalMinor: number }) =>
      resolveApprovalPlan({ policy, members, requesterId: 'adam', quote });
    expect(at(eur(100_000)).stages.map((s) => s.name)).to.deep.equal(['approval']);
    const above = at(eur(100_001));
    expect(above.stages.map((s) => [s.name, s.mode, s.needed, ids(s.approvers)])).to.deep.equal([
      ['approval', 'all', 2, ['bill', 'olivia']],
      ['finance', 'any', 1, ['fiona']],
    ]);
    // No amount in USD: the stage does not apply to USD quotes, whatever the total.
    expect(at({ currency: 'USD', totalMinor: 10_000_000 }).stages).to.have.length(1);
    // Watchers: never the requester (adam), never a first-stage approver (olivia).
    expect(ids(above.watchers)).to.deep.equal(['agnes']);
  });

  it('leaves the requester out of every stage and refuses when a stage then cannot be reached', () => {
    const policy: ApprovalPolicy = {
      mode: 'any',
      stages: [{ ...finance, approvers: { userIds: ['adam', 'fiona'] }, mode: 'all' }],
    };
    const plan = resolveApprovalPlan({ policy, members, requesterId: 'adam', quote: eur(200_000) });
    expect(plan.stages[1]).to.deep.include({
      needed: 1,
      approvers: [{ userId: 'fiona', name: 'fiona', role: 'agent' }],
    });

    const alone = { mode: 'any' as const, stages: [{ ...finance, approvers: { userIds: ['adam'] } }] };
    const error = (() => {
      try {
        resolveApprovalPlan({ policy: alone, members, requesterId: 'adam', quote: eur(200_000) });
      } catch (e) {
        return e;
      }
    })();
    expect(error).to.be.instanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).to.equal('NO_APPROVERS');
    expect((error as ApplicationFailure).nonRetryable).to.equal(true);
    expect((error as ApplicationFailure).message).to.equal(
      'Stage "finance" of the approval policy of account acme needs 1 approval, but only 0 members other than the requester can approve in it',
    );
    // Below the amount the stage does not apply, so nothing is missing.
    expect(
      resolveApprovalPlan({ policy: alone, members, requesterId: 'adam', quote: eur(50_000) }).stages,
    ).to.have.length(1);
  });

  it('refuses like today when the account has nobody to approve, and names a quorum it cannot reach', () => {
    const nobody = members.filter((m) => m.role === 'admin');
    expect(() =>
      resolveApprovalPlan({ policy: { mode: 'any' }, members: nobody, requesterId: 'adam', quote: eur(1) }),
    ).to.throw(ApplicationFailure, 'Account acme has no owner or billing admin to approve');
    expect(() =>
      resolveApprovalPlan({
        policy: { mode: 'quorum', quorum: 3 },
        members,
        requesterId: 'adam',
        quote: eur(1),
      }),
    ).to.throw(
      'The first stage of the approval policy of account acme needs 3 approvals, but only 2 members other than the requester can approve in it (bill, olivia)',
    );
  });
});

describe('default approval policy (PLANGATE_APPROVAL_POLICY)', () => {
  /** As every process reads it: through the configuration schema. */
  const approvalPolicyFromEnv = (env: NodeJS.ProcessEnv) => loadEnvironment(env).PLANGATE_APPROVAL_POLICY;

  it('is {"mode":"any"} when unset or empty', () => {
    expect(approvalPolicyFromEnv({})).to.deep.equal({ mode: 'any' });
    expect(approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: '  ' })).to.deep.equal({ mode: 'any' });
  });

  it('reads a policy that names roles', () => {
    const policy = {
      mode: 'all',
      stages: [{ name: 'owners', aboveMinor: { EUR: 500_000 }, approvers: { roles: ['owner'] } }],
    };
    expect(approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: JSON.stringify(policy) })).to.deep.equal(policy);
  });

  it('stops with the variable named on bad JSON, an invalid policy, or named users', () => {
    expect(() => approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: '{mode:any}' })).to.throw(
      /^PLANGATE_APPROVAL_POLICY is not JSON: /,
    );
    expect(() => approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: '{"mode":"quorum"}' })).to.throw(
      'PLANGATE_APPROVAL_POLICY is not a valid approval policy: quorum: is required with mode "quorum"',
    );
    expect(() =>
      approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: '{"mode":"any","watchers":["agnes"]}' }),
    ).to.throw(
      'PLANGATE_APPROVAL_POLICY is not a valid approval policy: watchers: names a user, but the default policy applies to every account: name roles, or set the policy per account',
    );
    expect(() =>
      approvalPolicyFromEnv({ PLANGATE_APPROVAL_POLICY: JSON.stringify({ mode: 'any', stages: [finance] }) }),
    ).to.throw(/stages\[0\]\.approvers\.userIds: names a user/);
  });
});
