// The approvals part of the status view, stage by stage: who is still asked while the request asks,
// and nobody once it is decided, cancelled or expired.
import { expect } from 'chai';
import { ApprovalProgress } from '../../workflows/approval-progress.js';

const olivia = { userId: 'olivia', name: 'Olivia Owner', role: 'owner' as const };
const bill = { userId: 'bill', name: 'Bill Billing', role: 'billing_admin' as const };
const fiona = { userId: 'fiona', name: 'Fiona Finance', role: 'admin' as const };

const approval = (approver: string) => ({
  approver,
  by: approver,
  at: '2026-12-01T10:00:00Z',
  channel: 'api' as const,
});

/** Two stages (all of olivia and bill, then any of fiona), with the given approvals recorded in order. */
function twoStagesApprovedBy(...approvers: string[]): ApprovalProgress {
  const progress = new ApprovalProgress({
    stages: [
      { name: 'approval', mode: 'all', needed: 2, approvers: [olivia, bill] },
      { name: 'finance', mode: 'any', needed: 1, approvers: [fiona] },
    ],
    watchers: [],
  });
  for (const approver of approvers) progress.record(approval(approver));
  return progress;
}

const summary = (progress: ApprovalProgress, asking: boolean) =>
  progress
    .view(asking)
    .map((s) => `${s.stage}:${s.status}:[${s.approvedBy.join(',')}]:[${s.pending.join(',')}]`);

describe('approval progress view', () => {
  it('while asking: the current stage names who has yet to approve, a later one whom it will ask', () => {
    const progress = twoStagesApprovedBy('olivia');
    expect(summary(progress, true)).to.deep.equal([
      'approval:current:[olivia]:[bill]',
      'finance:later:[]:[fiona]',
    ]);
  });

  it('once rejected, cancelled or expired: unfinished stages are closed and ask nobody', () => {
    const progress = twoStagesApprovedBy('olivia');
    expect(summary(progress, false)).to.deep.equal(['approval:closed:[olivia]:[]', 'finance:closed:[]:[]']);
    progress.record(approval('bill'));
    expect(summary(progress, false)).to.deep.equal([
      'approval:done:[olivia,bill]:[]',
      'finance:closed:[]:[]',
    ]);
  });

  it('once every stage is complete: all done, nobody pending', () => {
    const progress = twoStagesApprovedBy('olivia', 'bill', 'fiona');
    expect(summary(progress, false)).to.deep.equal([
      'approval:done:[olivia,bill]:[]',
      'finance:done:[fiona]:[]',
    ]);
  });
});
