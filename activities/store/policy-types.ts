// Who must agree before a request moves on (docs/http-api.md, approval policies), and who stands in
// for an approver while they are away. Plain data: policies travel in workflow input and history.
import type { Role } from './role.js';

export type ApprovalMode = 'any' | 'all' | 'quorum';

/** Approvers named by user id, by role, or both (the union counts). */
export interface ApproverSelector {
  userIds?: string[];
  roles?: Role[];
}

/**
 * A further step after the first, that applies only when the quote's total due now is above
 * `aboveMinor[currency]` (minor units). A stage with no amount for the quote's currency does not apply.
 */
export interface ApprovalStagePolicy {
  name: string;
  aboveMinor: Record<string, number>;
  approvers: ApproverSelector;
  /** Default `any`. */
  mode?: ApprovalMode;
  /** Required with mode `quorum`. */
  quorum?: number;
}

/**
 * An account's approval policy. The first stage is always the account's owner and billing admins
 * (never the requester) under `mode`; `stages` follow in order. `any` is today's behaviour: the first
 * approver's decision counts. One rejection rejects, at any stage.
 */
export interface ApprovalPolicy {
  mode: ApprovalMode;
  quorum?: number;
  stages?: ApprovalStagePolicy[];
  /** User ids told of each step (submitted, each approval, decided, applied); they cannot decide. */
  watchers?: string[];
}

export const defaultApprovalPolicy: ApprovalPolicy = { mode: 'any' };

/** While it runs, `userId`'s approval links and reminders go to `delegateTo`, who decides on their behalf. */
export interface Delegation {
  accountId: string;
  userId: string;
  delegateTo: string;
  /** ISO 8601 UTC; the window is [from, until). */
  from: string;
  until: string;
}

/** A policy resolved for one request at prepare time: who exactly is asked, stage by stage. */
export interface ApprovalPlan {
  stages: PlannedStage[];
  /** Resolved watchers (never the requester, never an approver of the first stage). */
  watchers: Array<{ userId: string; name: string; role: Role }>;
}

export interface PlannedStage {
  name: string;
  mode: ApprovalMode;
  /** Approvals needed to complete the stage: 1 for `any`, all approvers for `all`, `quorum` for quorum. */
  needed: number;
  approvers: Array<{ userId: string; name: string; role: Role }>;
}
