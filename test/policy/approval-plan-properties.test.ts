// Properties of resolveApprovalPlan over random accounts, policies, requesters and quotes
// (fast-check). Each property is also run against deliberately broken resolvers and must fail
// there: a property that cannot fail proves nothing.
import { ApplicationFailure } from '@temporalio/common';
import { expect } from 'chai';
import fc from 'fast-check';
import {
  FIRST_STAGE_NAME,
  resolveApprovalPlan,
  validateApprovalPolicy,
  type ResolveApprovalPlanInput,
} from '../../activities/approval-policy.js';
import type {
  ApprovalMode,
  ApprovalPlan,
  ApprovalPolicy,
  ApprovalStagePolicy,
} from '../../activities/store/policy-types.js';
import { approversAmong, mayApprove } from '../../activities/store/roles.js';
import type { Member, Role } from '../../activities/store/types.js';

type Resolve = (input: ResolveApprovalPlanInput) => ApprovalPlan;

const roles: Role[] = ['owner', 'billing_admin', 'admin', 'agent'];
const modes: ApprovalMode[] = ['any', 'all', 'quorum'];
const currencies = ['EUR', 'USD', 'JPY'];
const userPool = ['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7'];
// Few distinct amounts, so totals equal to a stage's amount (the edge of "above") come up often.
const amountArb = fc.constantFrom(0, 100, 1_000, 5_000);

const membersArb = fc
  .uniqueArray(fc.record({ userId: fc.constantFrom(...userPool), role: fc.constantFrom(...roles) }), {
    selector: (m) => m.userId,
    minLength: 1,
    maxLength: 8,
  })
  .map((list) =>
    list.map((m): Member => ({
      ...m,
      accountId: 'acc',
      name: m.userId.toUpperCase(),
      email: `${m.userId}@acc.example`,
      locale: 'en',
    })),
  );

const modeWithQuorumArb = fc
  .record({ mode: fc.constantFrom(...modes), quorum: fc.integer({ min: 1, max: 4 }) })
  .map(({ mode, quorum }) => (mode === 'quorum' ? { mode, quorum } : { mode }));

/** A stage naming users from `userChoices`; `minCurrencies` 1 keeps it from being refused for that alone. */
const stageArb =
  (userChoices: string[], minCurrencies = 0) =>
  (name: string): fc.Arbitrary<ApprovalStagePolicy> =>
    fc
      .record({
        aboveMinor: fc.dictionary(fc.constantFrom(...currencies), amountArb, {
          minKeys: minCurrencies,
          maxKeys: 3,
        }),
        userIds: fc.subarray(userChoices),
        roles: fc.subarray(roles),
        rule: modeWithQuorumArb,
      })
      .map(({ aboveMinor, userIds, roles: named, rule }) => ({
        name,
        aboveMinor,
        approvers: { userIds, roles: named },
        ...rule,
      }));

const policyArb = (userChoices: string[], watcherChoices: string[], minCurrencies = 0) =>
  fc
    .record({
      rule: modeWithQuorumArb,
      stageNames: fc.subarray(['finance', 'legal', 'cfo', 'board']),
      watchers: fc.subarray(watcherChoices),
    })
    .chain(({ rule, stageNames, watchers }) =>
      fc
        .tuple(...stageNames.map(stageArb(userChoices, minCurrencies)))
        .map((stages): ApprovalPolicy => ({ ...rule, stages, watchers })),
    );

const inputArb: fc.Arbitrary<ResolveApprovalPlanInput> = fc
  .record({
    members: membersArb,
    // 'ghost' is no member: a stored policy can outlive a member.
    policy: policyArb([...userPool, 'ghost'], [...userPool, 'ghost']),
    requesterPick: fc.nat(),
    currency: fc.constantFrom(...currencies),
    totalMinor: fc.oneof(amountArb, fc.integer({ min: -2_000, max: 6_000 })),
  })
  .map(({ members, policy, requesterPick, currency, totalMinor }) => ({
    members,
    policy,
    // Usually a member (often one named somewhere in the policy), whatever their role.
    requesterId: (members[requesterPick % members.length] as Member).userId,
    quote: { currency, totalMinor },
  }));

/** Accounts with policies that name only their members and a currency per stage: mostly storable. */
const storableInputArb: fc.Arbitrary<ResolveApprovalPlanInput> = membersArb.chain((members) =>
  fc
    .record({
      policy: policyArb(
        members.map((m) => m.userId),
        members.filter((m) => !mayApprove(m.role)).map((m) => m.userId),
        1,
      ),
      currency: fc.constantFrom(...currencies),
      totalMinor: fc.oneof(amountArb, fc.integer({ min: -2_000, max: 6_000 })),
    })
    .map(({ policy, currency, totalMinor }) => ({
      members,
      policy,
      requesterId: members[0]?.userId ?? 'u0',
      quote: { currency, totalMinor },
    })),
);

const anyPolicyInputArb = inputArb.map((input) => ({
  ...input,
  policy: { mode: 'any' as const, ...(input.policy.watchers ? { watchers: input.policy.watchers } : {}) },
}));

function isNoApprovers(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === 'NO_APPROVERS';
}

/** The plan, or undefined when the resolver refused with NoApprovers (anything else fails the run). */
function planOrRefusal(resolve: Resolve, input: ResolveApprovalPlanInput): ApprovalPlan | undefined {
  try {
    return resolve(input);
  } catch (error) {
    if (isNoApprovers(error)) return undefined;
    throw error;
  }
}

/** An independent reading of "a stage applies": an amount in the quote's currency, below the total. */
function applicableStages(input: ResolveApprovalPlanInput): ApprovalStagePolicy[] {
  return (input.policy.stages ?? []).filter((stage) => {
    const amount = Object.entries(stage.aboveMinor).find(([currency]) => currency === input.quote.currency);
    return amount !== undefined && amount[1] < input.quote.totalMinor;
  });
}

/** How many approvals a stage's rule needs from how many eligible members (never fewer than one). */
function neededFor(mode: ApprovalMode, quorum: number | undefined, eligible: number): number {
  if (mode === 'quorum') return quorum ?? 1;
  return mode === 'all' ? Math.max(eligible, 1) : 1;
}

const properties = {
  requesterNeverDecidesOrWatches: (resolve: Resolve) =>
    fc.property(inputArb, (input) => {
      const plan = planOrRefusal(resolve, input);
      if (!plan) return true;
      const everyone = [...plan.stages.flatMap((s) => s.approvers), ...plan.watchers];
      return everyone.every((p) => p.userId !== input.requesterId);
    }),

  neededFitsTheStage: (resolve: Resolve) =>
    fc.property(inputArb, (input) => {
      const plan = planOrRefusal(resolve, input);
      if (!plan) return true;
      const rules = [input.policy, ...applicableStages(input)];
      return plan.stages.every((stage, i) => {
        const rule = rules[i];
        const mode = rule?.mode ?? 'any';
        const expected = mode === 'any' ? 1 : mode === 'all' ? stage.approvers.length : rule?.quorum;
        return (
          stage.needed >= 1 &&
          stage.needed <= stage.approvers.length &&
          stage.mode === mode &&
          stage.needed === expected
        );
      });
    }),

  stageAppliesIffAmountBelowTotal: (resolve: Resolve) =>
    fc.property(inputArb, (input) => {
      const plan = planOrRefusal(resolve, input);
      if (!plan) return true;
      const names = plan.stages.map((s) => s.name);
      return (
        names[0] === FIRST_STAGE_NAME &&
        JSON.stringify(names.slice(1)) === JSON.stringify(applicableStages(input).map((s) => s.name))
      );
    }),

  refusesExactlyWhenAStageCannotBeReached: (resolve: Resolve) =>
    fc.property(inputArb, (input) => {
      const eligible = (members: Member[]) => members.filter((m) => m.userId !== input.requesterId).length;
      const selected = (stage: ApprovalStagePolicy) =>
        input.members.filter(
          (m) =>
            (stage.approvers.userIds ?? []).includes(m.userId) ||
            (stage.approvers.roles ?? []).includes(m.role),
        );
      const first = eligible(approversAmong(input.members));
      const reachable =
        first > 0 &&
        first >= neededFor(input.policy.mode, input.policy.quorum, first) &&
        applicableStages(input).every((stage) => {
          const n = eligible(selected(stage));
          return n > 0 && n >= neededFor(stage.mode ?? 'any', stage.quorum, n);
        });
      return (planOrRefusal(resolve, input) !== undefined) === reachable;
    }),

  modeAnyIsTodaysBehaviour: (resolve: Resolve) =>
    fc.property(anyPolicyInputArb, (input) => {
      const today = approversAmong(input.members).filter((m) => m.userId !== input.requesterId);
      const plan = planOrRefusal(resolve, input);
      if (today.length === 0) return plan === undefined;
      return (
        plan !== undefined &&
        plan.stages.length === 1 &&
        plan.stages[0]?.needed === 1 &&
        JSON.stringify(plan.stages[0].approvers.map((a) => a.userId)) ===
          JSON.stringify(today.map((m) => m.userId))
      );
    }),
};

/** Resolvers with one mistake each, built around the real one. */
const broken: Record<string, Resolve> = {
  'forgets the requester': (input) => resolveApprovalPlan({ ...input, requesterId: 'nobody-at-all' }),
  'adds the requester to the last stage': (input) => {
    const plan = resolveApprovalPlan(input);
    const requester = input.members.find((m) => m.userId === input.requesterId);
    const last = plan.stages.at(-1);
    if (requester && last) last.approvers.push({ ...requester });
    return plan;
  },
  'needs one approval too many': (input) => {
    const plan = resolveApprovalPlan(input);
    for (const stage of plan.stages) stage.needed += 1;
    return plan;
  },
  'applies a stage at its amount too (>= instead of >)': (input) =>
    resolveApprovalPlan({ ...input, quote: { ...input.quote, totalMinor: input.quote.totalMinor + 1 } }),
  'never refuses': (input) => {
    try {
      return resolveApprovalPlan(input);
    } catch {
      return { stages: [], watchers: [] };
    }
  },
  'drops the last first-stage approver': (input) => {
    const plan = resolveApprovalPlan(input);
    const first = plan.stages[0];
    if (first && first.approvers.length > 1) first.approvers.pop();
    return plan;
  },
};

/** Which broken resolvers each property must catch. */
const mustCatch: Record<keyof typeof properties, string[]> = {
  requesterNeverDecidesOrWatches: ['forgets the requester', 'adds the requester to the last stage'],
  neededFitsTheStage: ['needs one approval too many'],
  stageAppliesIffAmountBelowTotal: ['applies a stage at its amount too (>= instead of >)'],
  refusesExactlyWhenAStageCannotBeReached: ['never refuses'],
  modeAnyIsTodaysBehaviour: ['forgets the requester', 'drops the last first-stage approver'],
};

describe('resolveApprovalPlan properties', () => {
  for (const [name, property] of Object.entries(properties) as Array<
    [keyof typeof properties, (resolve: Resolve) => fc.IProperty<[ResolveApprovalPlanInput]>]
  >) {
    it(`${name}: holds for random accounts, policies, requesters and quotes`, () => {
      fc.assert(property(resolveApprovalPlan), { numRuns: 500 });
    });
    it(`${name}: fails for a resolver that ${mustCatch[name].join(' / ')}`, () => {
      for (const mistake of mustCatch[name]) {
        const resolver = broken[mistake] as Resolve;
        const result = fc.check(property(resolver), { numRuns: 500 });
        expect(result.failed, `the property did not catch a resolver that ${mistake}`).to.equal(true);
      }
    });
  }

  describe("a policy the account may store never refuses an admin's request", () => {
    type Validate = typeof validateApprovalPolicy;
    const storedPolicyNeverRefuses = (validate: Validate) =>
      fc.property(storableInputArb, (input) => {
        if (approversAmong(input.members).length === 0) return true; // refused today too
        if (validate(input.policy, input.members).length > 0) return true;
        // The ones who may submit (prepare-request.ts): every admin, for every quote.
        return input.members
          .filter((m) => m.role === 'admin')
          .every(
            (admin) =>
              planOrRefusal(resolveApprovalPlan, { ...input, requesterId: admin.userId }) !== undefined,
          );
      });

    it('holds for random accounts, policies and quotes', () => {
      fc.assert(storedPolicyNeverRefuses(validateApprovalPolicy), { numRuns: 1000 });
    });

    it('fails for a validator that forgets the requester rule or the quorum count', () => {
      const withoutReachChecks: Validate = (policy, members) =>
        validateApprovalPolicy(policy, members).filter((p) => !/approvers$|quorum$/.test(p.field));
      expect(fc.check(storedPolicyNeverRefuses(withoutReachChecks), { numRuns: 1000 }).failed).to.equal(true);
    });
  });

  it('sees refusals often enough to test them, and plans with several stages too', () => {
    const samples = fc
      .sample(inputArb, { numRuns: 500, seed: 13 })
      .map((input) => planOrRefusal(resolveApprovalPlan, input));
    const refused = samples.filter((plan) => plan === undefined).length;
    const multiStage = samples.filter((plan) => (plan?.stages.length ?? 0) > 1).length;
    expect(refused, 'refusals among 500 samples').to.be.above(25);
    expect(multiStage, 'plans with a further stage among 500 samples').to.be.above(50);
    const storable = fc
      .sample(storableInputArb, { numRuns: 500, seed: 13 })
      .filter(
        (input) => approversAmong(input.members).length > 0 && input.members.some((m) => m.role === 'admin'),
      )
      .map((input) => validateApprovalPolicy(input.policy, input.members).length === 0);
    expect(storable.filter(Boolean).length, 'storable policies among 500 samples').to.be.above(50);
    expect(storable.filter((ok) => !ok).length, 'refused policies among 500 samples').to.be.above(50);
  });
});
