// Approval policies (docs/workflow.md, "Approval policies"): the API body's schema, the rules a
// policy must meet before an account may store it, and its resolution into the plan of one request
// at prepare time.
// Pure: the store, the API, the CLI and the prepare step all call these, so a policy means the same
// everywhere. The policy's own shape is in store/policy-types.ts (it travels in workflow input).
import { z } from 'zod';
import { isKnownCurrency } from './pricing/money.js';
import type { Quote } from './pricing/types.js';
import type {
  ApprovalMode,
  ApprovalPlan,
  ApprovalPolicy,
  ApprovalStagePolicy,
  ApproverSelector,
  PlannedStage,
} from './store/policy-types.js';
import { approversAmong, mayApprove } from './store/roles.js';
import type { Member, Role } from './store/types.js';
import { fieldPath, fieldProblems } from './field-problems.js';
import { RequestErrorType, refusal, type FieldProblem } from '../workflows/request-errors.js';

/** The name of the first stage in a plan (owners and billing admins); no further stage may take it. */
export const FIRST_STAGE_NAME = 'approval';

/** The members who can submit requests (prepare-request.ts); they never approve their own. */
const REQUESTER_ROLE: Role = 'admin';

const MAX_STAGES = 10;
const MAX_NAMES = 50;

// Exhaustive by type: a new Role that is not listed here does not compile.
const roleList = { owner: true, billing_admin: true, admin: true, agent: true } satisfies Record<Role, true>;
const roles = Object.keys(roleList) as Role[];

const modes = ['any', 'all', 'quorum'] as const satisfies readonly ApprovalMode[];

const requiredMessage = (what: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : `must be ${what}`;

const memberId = z
  .string({ error: requiredMessage('a user id') })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters');

const mode = z.enum(modes, { error: requiredMessage('"any", "all" or "quorum"') });

const quorum = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(1000, 'must be at most 1000');

const minorAmount = z
  .number({ error: 'must be a number (minor units, e.g. cents)' })
  .int('must be a whole number of minor units (cents)')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

const selectorSchema = z.strictObject(
  {
    userIds: z.array(memberId, { error: 'must be a list of user ids' }).max(MAX_NAMES).optional(),
    roles: z
      .array(z.enum(roles, { error: `must be one of ${roles.join(', ')}` }), {
        error: 'must be a list of roles',
      })
      .optional(),
  },
  { error: requiredMessage('an object such as {"userIds": ["fiona"]} or {"roles": ["owner"]}') },
);

const stageSchema = z.strictObject(
  {
    name: z
      .string({ error: requiredMessage('a string') })
      .trim()
      .min(1, 'must not be empty')
      .max(64, 'must be at most 64 characters'),
    // Currency codes are checked with the other cross-field rules, so the problem names the key.
    aboveMinor: z.record(z.string(), minorAmount, {
      error: requiredMessage('an object of amounts in minor units by currency, such as {"EUR": 100000}'),
    }),
    approvers: selectorSchema,
    mode: mode.optional(),
    quorum: quorum.optional(),
  },
  { error: 'must be an object' },
);

/** The body of `PUT .../approval-policy` and of PLANGATE_APPROVAL_POLICY. */
export const approvalPolicySchema = z.strictObject({
  mode,
  quorum: quorum.optional(),
  stages: z
    .array(stageSchema, { error: 'must be a list of stages' })
    .max(MAX_STAGES, `must have at most ${MAX_STAGES} stages`)
    .optional(),
  watchers: z.array(memberId, { error: 'must be a list of user ids' }).max(MAX_NAMES).optional(),
}) satisfies z.ZodType<ApprovalPolicy>;

export type PolicyCheck = { ok: true; policy: ApprovalPolicy } | { ok: false; problems: FieldProblem[] };

/** The shape of a policy (types, modes and quorums, stage names, currencies); no account needed. */
export function parseApprovalPolicy(raw: unknown): PolicyCheck {
  const parsed = parseSchema(raw);
  if (!parsed.ok) return parsed;
  const problems = shapeProblems(parsed.policy);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

/** Parses and validates a policy an account wants to store: the API's PUT and `plangate policy set`. */
export function checkApprovalPolicy(raw: unknown, members: readonly Member[]): PolicyCheck {
  const parsed = parseSchema(raw);
  if (!parsed.ok) return parsed;
  const problems = validateApprovalPolicy(parsed.policy, members);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

function parseSchema(raw: unknown): PolicyCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const parsed = approvalPolicySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  return { ok: true, policy: withoutUndefined(parsed.data) };
}

/**
 * Every reason the account cannot use this policy, each naming its field. Beyond the shape:
 * approvers and watchers must be members; every stage must be able to reach the approvals it needs
 * for any requester (an admin who might submit is never an approver of their own request); a
 * watcher may not be a first-stage approver (they decide, so they are told anyway: refused, so
 * the caller learns the watcher entry has no effect).
 */
export function validateApprovalPolicy(policy: ApprovalPolicy, members: readonly Member[]): FieldProblem[] {
  const problems = shapeProblems(policy);
  const byId = new Map(members.map((m) => [m.userId, m]));
  const firstStage = approversAmong(members);

  if (policy.mode === 'quorum' && policy.quorum !== undefined && policy.quorum > firstStage.length) {
    problems.push({
      field: 'quorum',
      message: `is ${policy.quorum}, but the account has only ${firstStage.length} owners and billing admins to approve (${names(firstStage)})`,
    });
  }

  (policy.stages ?? []).forEach((stage, i) => {
    const field = `stages[${i}]`;
    const unknown = (stage.approvers.userIds ?? []).flatMap((userId, j) =>
      byId.has(userId)
        ? []
        : [{ field: `${field}.approvers.userIds[${j}]`, message: 'is not a member of the account' }],
    );
    problems.push(...unknown);
    // With an unknown user the count below would explain the same mistake a second time.
    if (unknown.length > 0 || selectorIsEmpty(stage.approvers)) return;
    problems.push(...reachProblems(stage, field, selectApprovers(stage.approvers, members)));
  });

  const firstStageIds = new Set(firstStage.map((m) => m.userId));
  (policy.watchers ?? []).forEach((userId, i) => {
    const field = `watchers[${i}]`;
    const member = byId.get(userId);
    if (!member) problems.push({ field, message: 'is not a member of the account' });
    else if (firstStageIds.has(userId))
      problems.push({
        field,
        message: `${userId} is ${article(member.role)} and approves in the first stage, so is told of every step already`,
      });
  });
  return problems;
}

/**
 * Whether a stage reaches `needed` whoever submits: without the requester, if that may be one of
 * its approvers (an admin), there must still be enough of them.
 */
function reachProblems(stage: ApprovalStagePolicy, field: string, approvers: Member[]): FieldProblem[] {
  if (approvers.length === 0)
    return [{ field: `${field}.approvers`, message: 'names no member of the account' }];
  const stageMode = stage.mode ?? 'any';
  const needed = stageMode === 'quorum' ? (stage.quorum ?? 1) : 1;
  const requesters = approvers.filter((m) => m.role === REQUESTER_ROLE);
  const left = requesters.length > 0 ? approvers.length - 1 : approvers.length;
  if (left >= needed) return [];
  if (requesters.length === 0) {
    return [
      {
        field: `${field}.quorum`,
        message: `is ${needed}, but the stage has only ${approvers.length} approvers (${names(approvers)})`,
      },
    ];
  }
  const requester = requesters[0] as Member;
  if (left === 0) {
    return [
      {
        field: `${field}.approvers`,
        message: `${requester.userId} is the only approver and, as an admin, may submit requests, which nobody approves themselves: name another approver`,
      },
    ];
  }
  return [
    {
      field: `${field}.quorum`,
      message: `is ${needed}, but a request from ${requester.userId} (an admin, never an approver of their own request) leaves ${left} approvers: lower the quorum or name more approvers`,
    },
  ];
}

/** The rules that need no account: quorum only with mode quorum, stage names, currencies, duplicates. */
function shapeProblems(policy: ApprovalPolicy): FieldProblem[] {
  const problems = quorumProblems(policy.mode, policy.quorum, '');
  const seen = new Map<string, number>();
  (policy.stages ?? []).forEach((stage, i) => {
    const field = `stages[${i}]`;
    problems.push(...quorumProblems(stage.mode ?? 'any', stage.quorum, field));
    const earlier = seen.get(stage.name);
    if (stage.name === FIRST_STAGE_NAME)
      problems.push({
        field: `${field}.name`,
        message: `"${FIRST_STAGE_NAME}" is the name of the first stage (owners and billing admins)`,
      });
    else if (earlier !== undefined)
      problems.push({ field: `${field}.name`, message: `is already the name of stages[${earlier}]` });
    else seen.set(stage.name, i);

    const currencies = Object.keys(stage.aboveMinor);
    if (currencies.length === 0)
      problems.push({
        field: `${field}.aboveMinor`,
        message: 'must give an amount in at least one currency, such as {"EUR": 100000}',
      });
    for (const currency of currencies) {
      if (!isKnownCurrency(currency))
        problems.push({
          field: fieldPath(field, ['aboveMinor', currency]),
          message: 'is not an ISO 4217 currency code in upper case, such as EUR',
        });
    }
    if (selectorIsEmpty(stage.approvers))
      problems.push({ field: `${field}.approvers`, message: 'must name at least one user id or role' });
    problems.push(...duplicates(stage.approvers.userIds, `${field}.approvers.userIds`));
    problems.push(...duplicates(stage.approvers.roles, `${field}.approvers.roles`));
  });
  problems.push(...duplicates(policy.watchers, 'watchers'));
  return problems;
}

function quorumProblems(stageMode: ApprovalMode, value: number | undefined, at: string): FieldProblem[] {
  const field = at ? `${at}.quorum` : 'quorum';
  if (stageMode === 'quorum' && value === undefined)
    return [{ field, message: 'is required with mode "quorum"' }];
  if (stageMode !== 'quorum' && value !== undefined)
    return [{ field, message: `is only allowed with mode "quorum", not "${stageMode}"` }];
  return [];
}

function duplicates(values: readonly string[] | undefined, field: string): FieldProblem[] {
  return (values ?? []).flatMap((value, i) =>
    values?.indexOf(value) === i ? [] : [{ field: `${field}[${i}]`, message: `repeats "${value}"` }],
  );
}

function selectorIsEmpty(selector: ApproverSelector): boolean {
  return (selector.userIds ?? []).length === 0 && (selector.roles ?? []).length === 0;
}

/** The members a selector names (by user id or role, the union), in the store's order. */
export function selectApprovers(selector: ApproverSelector, members: readonly Member[]): Member[] {
  const ids = new Set(selector.userIds ?? []);
  const named = new Set<Role>(selector.roles ?? []);
  return members.filter((m) => ids.has(m.userId) || named.has(m.role));
}

/** Whether a member may decide under this policy at all: first stage, or named in a stage. */
export function approvesUnder(policy: ApprovalPolicy, member: Member, members: readonly Member[]): boolean {
  if (mayApprove(member.role)) return true;
  return (policy.stages ?? []).some((stage) =>
    selectApprovers(stage.approvers, members).some((m) => m.userId === member.userId),
  );
}

export interface ResolveApprovalPlanInput {
  policy: ApprovalPolicy;
  members: readonly Member[];
  requesterId: string;
  /** The request's quote: its currency and total due now pick the stages. */
  quote: Pick<Quote, 'currency' | 'totalMinor'>;
}

/** Whether a further stage applies to a quote: it has an amount in the quote's currency, and the total is above it. */
export function stageApplies(stage: ApprovalStagePolicy, quote: Pick<Quote, 'currency' | 'totalMinor'>) {
  if (!Object.hasOwn(stage.aboveMinor, quote.currency)) return false;
  return (stage.aboveMinor[quote.currency] as number) < quote.totalMinor;
}

/**
 * Who exactly decides one request: the first stage (owners and billing admins) under the policy's
 * mode, then each further stage that applies to the quote, in order; never the requester. Throws the
 * workflow's NoApprovers refusal when a stage cannot reach the approvals it needs for this requester.
 */
export function resolveApprovalPlan(input: ResolveApprovalPlanInput): ApprovalPlan {
  const { policy, members, requesterId, quote } = input;
  const accountId = members[0]?.accountId ?? 'of this request';
  const notRequester = (m: Member) => m.userId !== requesterId;
  const firstStage = approversAmong(members).filter(notRequester);
  if (firstStage.length === 0)
    throw refusal(
      RequestErrorType.NoApprovers,
      `Account ${accountId} has no owner or billing admin to approve`,
    );
  const stages = [planStage(FIRST_STAGE_NAME, policy.mode, policy.quorum, firstStage, accountId)];
  for (const stage of policy.stages ?? []) {
    if (!stageApplies(stage, quote)) continue;
    const approvers = selectApprovers(stage.approvers, members).filter(notRequester);
    stages.push(planStage(stage.name, stage.mode ?? 'any', stage.quorum, approvers, accountId));
  }
  const firstStageIds = new Set(firstStage.map((m) => m.userId));
  const byId = new Map(members.map((m) => [m.userId, m]));
  const watchers = [...new Set(policy.watchers ?? [])]
    .map((userId) => byId.get(userId))
    .filter((m): m is Member => m !== undefined && notRequester(m) && !firstStageIds.has(m.userId));
  return { stages, watchers: watchers.map(person) };
}

function planStage(
  name: string,
  stageMode: ApprovalMode,
  quorumValue: number | undefined,
  approvers: Member[],
  accountId: string,
): PlannedStage {
  const needed = stageMode === 'any' ? 1 : stageMode === 'all' ? approvers.length : (quorumValue ?? 1);
  if (approvers.length === 0 || approvers.length < needed) {
    const which = name === FIRST_STAGE_NAME ? 'The first stage' : `Stage "${name}"`;
    throw refusal(
      RequestErrorType.NoApprovers,
      `${which} of the approval policy of account ${accountId} needs ${needed} approval${needed === 1 ? '' : 's'}, ` +
        `but only ${approvers.length} member${approvers.length === 1 ? '' : 's'} other than the requester can approve in it` +
        (approvers.length > 0 ? ` (${names(approvers)})` : ''),
    );
  }
  return { name, mode: stageMode, needed, approvers: approvers.map(person) };
}

function person(member: Member): { userId: string; name: string; role: Role } {
  return { userId: member.userId, name: member.name, role: member.role };
}

function names(members: readonly Member[]): string {
  return members.map((m) => m.userId).join(', ') || 'none';
}

function article(role: Role): string {
  return role === 'owner' || role === 'admin' || role === 'agent'
    ? `an ${role.replace('_', ' ')}`
    : `a ${role.replace('_', ' ')}`;
}

/** The policy with its keys in the schema's order (a stored policy that no longer parses stays as it is). */
export function inSchemaOrder(policy: ApprovalPolicy): ApprovalPolicy {
  const parsed = approvalPolicySchema.safeParse(policy);
  return parsed.success ? withoutUndefined(parsed.data) : policy;
}

/** zod leaves no undefined keys, but spell it out: the policy is stored as JSON and compared as data. */
function withoutUndefined(policy: z.output<typeof approvalPolicySchema>): ApprovalPolicy {
  return JSON.parse(JSON.stringify(policy)) as ApprovalPolicy;
}

/**
 * The deployment's default policy (PLANGATE_APPROVAL_POLICY, JSON of the API's shape; default
 * `{"mode":"any"}`), for accounts that have not set one: the rule config/environment.ts reads the
 * variable with, so a bad value stops a process at start, naming the variable. It applies to every
 * account, so it names approvers by role only: user ids (in stages and watchers) are refused.
 */
export function parseDefaultApprovalPolicy(text: string): { value: ApprovalPolicy } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problem: `is not JSON: ${(error as Error).message}` };
  }
  const parsed = parseApprovalPolicy(json);
  const problems = parsed.ok ? namedUsers(parsed.policy) : parsed.problems;
  if (!parsed.ok || problems.length > 0) {
    return {
      problem: `is not a valid approval policy: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    };
  }
  return { value: parsed.policy };
}

function namedUsers(policy: ApprovalPolicy): FieldProblem[] {
  const message =
    'names a user, but the default policy applies to every account: name roles, or set the policy per account';
  return [
    ...(policy.stages ?? []).flatMap((stage, i) =>
      (stage.approvers.userIds ?? []).length > 0
        ? [{ field: `stages[${i}].approvers.userIds`, message }]
        : [],
    ),
    ...((policy.watchers ?? []).length > 0 ? [{ field: 'watchers', message }] : []),
  ];
}
