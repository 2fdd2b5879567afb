// Who has approved a request and who is still asked, stage by stage, under the approval plan the
// request was submitted with (activities/approval-policy.ts resolves it at prepare time). Pure: the
// request state class asks it and tells it; nothing here knows about Temporal.
import type { ApprovalPlan, PlannedStage } from '../activities/store/policy-types.js';
import type { ApprovalStageView, Channel, PersonView } from './messages.js';

/** One approval that counts: by an approver, or by their delegate on their behalf. */
export interface Approval {
  /** The approver whose approval this is. */
  approver: string;
  /** Who clicked: the approver, or their delegate. */
  by: string;
  at: string;
  channel: Channel;
}

export type ApprovalOutcome = 'stage_open' | 'stage_done' | 'all_done';

export class ApprovalProgress {
  private stageIndex = 0;
  private readonly approvals: Approval[][];

  constructor(readonly plan: ApprovalPlan) {
    this.approvals = plan.stages.map(() => []);
  }

  /**
   * The plan of a request prepared before plans existed: everyone listed decides alone, as the
   * first approver's decision counted then.
   */
  static firstToDecide(approvers: PersonView[]): ApprovalProgress {
    return new ApprovalProgress({
      stages: [{ name: 'approval', mode: 'any', needed: 1, approvers }],
      watchers: [],
    });
  }

  get stage(): number {
    return this.stageIndex;
  }

  get current(): PlannedStage {
    return this.plan.stages[this.stageIndex]!;
  }

  get isLastStage(): boolean {
    return this.stageIndex === this.plan.stages.length - 1;
  }

  /** Every member who may approve in some stage. */
  get everyApprover(): PersonView[] {
    const byId = new Map(this.plan.stages.flatMap((s) => s.approvers).map((a) => [a.userId, a]));
    return [...byId.values()];
  }

  isApproverNow(userId: string): boolean {
    return this.current.approvers.some((a) => a.userId === userId);
  }

  /** An approver of the current stage whose approval is not in yet. */
  isPending(userId: string): boolean {
    return this.isApproverNow(userId) && !this.approvals[this.stageIndex]!.some((a) => a.approver === userId);
  }

  /** Whether this person already gave an approval in the current stage, for anyone. */
  hasActed(userId: string): boolean {
    return this.approvals[this.stageIndex]!.some((a) => a.by === userId || a.approver === userId);
  }

  pending(): PersonView[] {
    return this.current.approvers.filter((a) => this.isPending(a.userId));
  }

  /** Counts one approval in the current stage and says whether the stage, or the plan, is done. */
  record(approval: Approval): ApprovalOutcome {
    const given = this.approvals[this.stageIndex]!;
    given.push(approval);
    if (given.length < this.current.needed) return 'stage_open';
    if (this.isLastStage) return 'all_done';
    this.stageIndex += 1;
    return 'stage_done';
  }

  /** Progress for "1 of 2": approvals counted and needed in the current stage. */
  counts(): { given: number; needed: number } {
    return { given: this.approvals[this.stageIndex]!.length, needed: this.current.needed };
  }

  /**
   * Stage by stage, for the status view. While the request is still asking (`asking`), the current
   * stage says who has yet to decide and later stages whom they will ask; once it is decided,
   * cancelled or expired nobody is asked any more: completed stages are `done`, the rest `closed`.
   */
  view(asking: boolean): ApprovalStageView[] {
    return this.plan.stages.map((stage, index) => {
      const given = this.approvals[index]!;
      const complete = index < this.stageIndex || given.length >= stage.needed;
      return {
        stage: stage.name,
        mode: stage.mode,
        needed: stage.needed,
        approvedBy: given.map((a) => a.approver),
        pending: !asking
          ? []
          : index === this.stageIndex
            ? stage.approvers.filter((a) => !given.some((g) => g.approver === a.userId)).map((a) => a.userId)
            : index > this.stageIndex
              ? stage.approvers.map((a) => a.userId)
              : [],
        status: complete ? 'done' : !asking ? 'closed' : index === this.stageIndex ? 'current' : 'later',
      };
    });
  }
}
