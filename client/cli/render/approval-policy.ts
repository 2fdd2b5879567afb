// `plangate policy show` and `plangate delegation list` as text: what the policy asks for, stage by
// stage, and who stands in for whom.
import { formatMoney } from '../../../activities/pricing/index.js';
import { isActive } from '../../../activities/delegation.js';
import type {
  ApprovalMode,
  ApprovalStagePolicy,
  Delegation,
} from '../../../activities/store/policy-types.js';
import type { ApprovalPolicyView } from '../../approval-settings.js';
import { formatPairs, formatTable } from '../table.js';

function rule(mode: ApprovalMode, quorum: number | undefined): string {
  if (mode === 'all') return 'all: every approver must approve';
  if (mode === 'quorum') return `quorum: ${quorum ?? '?'} approvals`;
  return 'any: the first approval decides';
}

function approvers(stage: ApprovalStagePolicy): string {
  const named = [
    ...(stage.approvers.userIds ?? []),
    ...(stage.approvers.roles ?? []).map((r) => `every ${r}`),
  ];
  return named.join(', ');
}

function threshold(stage: ApprovalStagePolicy): string {
  const amounts = Object.entries(stage.aboveMinor).map(([currency, minor]) =>
    formatMoney(minor, currency, 'en'),
  );
  return `above ${amounts.join(' or ')}`;
}

export function renderApprovalPolicy(accountId: string, view: ApprovalPolicyView): string {
  const source =
    view.source === 'account'
      ? "the account's own"
      : "the deployment's default (PLANGATE_APPROVAL_POLICY); the account has none of its own";
  const pairs: Array<[string, string]> = [
    ['Policy', source],
    ['First stage', `owners and billing admins; ${rule(view.mode, view.quorum)}`],
  ];
  for (const stage of view.stages ?? []) {
    pairs.push([
      `Stage ${stage.name}`,
      `${threshold(stage)}: ${approvers(stage)}; ${rule(stage.mode ?? 'any', stage.quorum)}`,
    ]);
  }
  pairs.push(['Watchers', (view.watchers ?? []).join(', ') || 'none']);
  return `Approval policy of ${accountId}\n\n${formatPairs(pairs)}`;
}

export function renderDelegations(delegations: readonly Delegation[], now = new Date()): string {
  if (delegations.length === 0) return 'No delegations.';
  const state = (d: Delegation) =>
    isActive(d, now) ? 'running' : Date.parse(d.from) > now.getTime() ? 'upcoming' : 'over';
  return formatTable(delegations, [
    { header: 'approver', value: (d) => d.userId },
    { header: 'delegate', value: (d) => d.delegateTo },
    { header: 'from', value: (d) => d.from },
    { header: 'until', value: (d) => d.until },
    { header: 'state', value: state },
  ]);
}
