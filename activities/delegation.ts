// Delegations (DESIGN.md section 4): an approver away for a while names another member, whose
// links and reminders they get and whose decisions count on the approver's behalf. Pure rules: the
// body of `PUT .../members/{userId}/delegation`, what a delegation must meet to be stored, and who
// stands in for an approver at an instant. That a delegate is never the requester of the request
// at hand is the workflow's check, per request.
import { z } from 'zod';
import type { ApprovalPolicy, Delegation } from './store/policy-types.js';
import type { Member } from './store/types.js';
import { approvesUnder } from './approval-policy.js';
import { fieldProblems } from './field-problems.js';
import type { FieldProblem } from '../workflows/request-errors.js';

/** The longest window a delegation may cover: a year (a leap year's worth). */
export const MAX_DELEGATION_DAYS = 366;
const DAY_MS = 86_400_000;

const instant = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .refine((value) => /^\d{4}-\d\d-\d\dT/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'must be an ISO 8601 instant such as 2026-07-01T00:00:00Z',
  })
  .transform((value) => new Date(value).toISOString());

export const delegationBodySchema = z.strictObject({
  delegateTo: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a user id') })
    .min(1, 'must not be empty')
    .max(64, 'must be at most 64 characters'),
  from: instant,
  until: instant,
});

export type DelegationBody = z.output<typeof delegationBodySchema>;

export type DelegationCheck = { ok: true; delegation: Delegation } | { ok: false; problems: FieldProblem[] };

export interface DelegationContext {
  accountId: string;
  /** The approver who is away. */
  userId: string;
  members: readonly Member[];
  /** The account's policy in force: who may approve, and so who may delegate. */
  policy: ApprovalPolicy;
  now: Date;
}

/** Parses the body and checks it against the account: the API's PUT and `plangate delegation set`. */
export function checkDelegation(raw: unknown, context: DelegationContext): DelegationCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const parsed = delegationBodySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: fieldProblems(parsed.error) };
  const delegation: Delegation = { accountId: context.accountId, userId: context.userId, ...parsed.data };
  const problems = validateDelegation(delegation, context);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, delegation };
}

/**
 * Every reason the delegation cannot be stored, each naming its field: the approver must be able to
 * approve under the account's policy (first stage, or named in a stage); the delegate another member;
 * the window `[from, until)` must end in the future, after it starts, and last at most a year.
 */
export function validateDelegation(
  delegation: Delegation,
  context: Omit<DelegationContext, 'accountId' | 'userId'>,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byId = new Map(context.members.map((m) => [m.userId, m]));
  const approver = byId.get(delegation.userId);
  if (!approver) problems.push({ field: 'userId', message: 'is not a member of the account' });
  else if (!approvesUnder(context.policy, approver, context.members))
    problems.push({
      field: 'userId',
      message: `${delegation.userId} (${approver.role}) approves nothing under the account's approval policy, so has nothing to delegate`,
    });

  if (delegation.delegateTo === delegation.userId)
    problems.push({ field: 'delegateTo', message: 'must be someone other than the approver' });
  else if (!byId.has(delegation.delegateTo))
    problems.push({ field: 'delegateTo', message: 'is not a member of the account' });

  const from = Date.parse(delegation.from);
  const until = Date.parse(delegation.until);
  if (until <= from) problems.push({ field: 'until', message: 'must be after from' });
  else if (until - from > MAX_DELEGATION_DAYS * DAY_MS)
    problems.push({ field: 'until', message: `must be at most ${MAX_DELEGATION_DAYS} days after from` });
  else if (until <= context.now.getTime())
    problems.push({ field: 'until', message: 'must be in the future' });
  if (from - context.now.getTime() > MAX_DELEGATION_DAYS * DAY_MS)
    problems.push({ field: 'from', message: `must be at most ${MAX_DELEGATION_DAYS} days from now` });
  return problems;
}

/** Whether the delegation runs at `at`: its window is `[from, until)`. */
export function isActive(delegation: Pick<Delegation, 'from' | 'until'>, at: Date | string): boolean {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return Date.parse(delegation.from) <= t && t < Date.parse(delegation.until);
}

/**
 * Who stands in for `userId` at `at`, if anyone. Delegations do not chain: the delegate of a
 * delegate is not asked in their place.
 */
export function activeDelegate(
  delegations: readonly Delegation[],
  userId: string,
  at: Date | string,
): string | undefined {
  return delegations.find((d) => d.userId === userId && isActive(d, at))?.delegateTo;
}
