import { log } from '@temporalio/activity';
import { createHash } from 'node:crypto';
import type { EmailKind, Member } from './store/types.js';
import type { Delegation } from './store/policy-types.js';
import { activeDelegate } from './delegation.js';
import type { Recipient, RequestEmailModel } from './mailer/types.js';
import { renderEmail } from './mailer/index.js';
import { requestLinkUrl, type RequestLink } from './mailer/request-link.js';
import type { ActivityDeps } from './deps.js';
import type { RequestStatusView } from '../workflows/messages.js';

/** `approvers`: those the current stage still asks (or their delegates); `everyone`: requester and approvers. */
export type Audience = 'approvers' | 'requester' | 'watchers' | 'everyone' | 'support';

export interface EmailRequest {
  kind: EmailKind;
  audience: Audience;
}

export interface SendRequestEmailsInput {
  view: RequestStatusView;
  round: number;
  /** Reminder number or resend count: makes a repeated send of one kind distinct. */
  sequence?: number;
  emails: EmailRequest[];
}

export interface SendRequestEmailsResult {
  sent: number;
  skipped: number;
  /** Recipients whose server refused permanently (5xx); logged by hash, never by address. */
  refused: number;
}

/** Kinds that carry a personal link to the approval page. */
const decisionKinds: ReadonlySet<EmailKind> = new Set(['approval_request', 'reminder', 'requote']);

/**
 * Sends each email to its audience. Recipients are resolved from the store at send time so that
 * addresses never enter workflow history. Each (request, kind, round, recipient) is sent at most
 * once, so a retry after a partial failure sends only what is missing. A transient SMTP problem
 * fails the activity (Temporal retries with backoff); a permanent refusal of one address is logged
 * and does not hold up the request.
 */
export async function sendRequestEmailsWith(
  deps: ActivityDeps,
  input: SendRequestEmailsInput,
): Promise<SendRequestEmailsResult> {
  const { view } = input;
  const { quote } = view;
  const snapshot = await deps.store.loadAccount(view.accountId);
  if (!snapshot || !quote) throw new Error(`Account ${view.accountId} or the quote is missing`);
  const members = new Map(snapshot.members.map((m) => [m.userId, m]));
  const requester = members.get(view.requestedBy.userId);
  const result: SendRequestEmailsResult = { sent: 0, skipped: 0, refused: 0 };
  const invoice = input.emails.some((e) => e.kind === 'confirmation')
    ? (await deps.store.getAppliedChange(view.requestId))?.invoice
    : undefined;

  // Every recipient's mail goes out at once, each on its own connection: a batch then takes as long
  // as its slowest message, not the sum of them (the approval batch and the confirmation are on the
  // path a user waits for). All sends settle before a transient failure fails the attempt, so the
  // retry finds every delivered message in the send log and sends only what is missing.
  const now = deps.now?.() ?? new Date();
  const stage = currentStage(view);
  const sends = input.emails.flatMap((email) =>
    recipientsOf(email.audience, view, members, snapshot.delegations, deps.supportEmail, now).map(
      async (recipient) => {
        const model: RequestEmailModel = {
          requestId: view.requestId,
          accountId: view.accountId,
          accountName: snapshot.account.name,
          requester: { userId: view.requestedBy.userId, name: requester?.name ?? view.requestedBy.userId },
          recipient,
          quote,
          ...(view.note ? { note: view.note } : {}),
          ...(view.expiresAt ? { expiresAt: view.expiresAt } : {}),
          ...decisionOf(view, members),
          ...(invoice ? { invoice } : {}),
          ...(quote.tax.note ? { notes: [quote.tax.note] } : {}),
          approvers: view.approvers.map(({ userId, name }) => ({ userId, name })),
          ...progressOf(view, members, stage),
          ...(email.kind === 'watch' ? latestStepOf(view, members) : {}),
          catalog: deps.catalog,
        };
        if (decisionKinds.has(email.kind)) {
          const onBehalfOf = recipient.onBehalfOf ? { onBehalfOf: recipient.onBehalfOf.userId } : {};
          model.approvalUrl = linkFor(
            deps,
            { purpose: 'approve', round: input.round, stage, ...onBehalfOf },
            view,
            recipient,
          );
        }
        if (recipient.userId === view.requestedBy.userId)
          model.statusUrl = linkFor(deps, { purpose: 'status' }, view, recipient);

        try {
          const rendered = renderEmail(email.kind, model);
          const sent = await deps.mail.sendOnce({
            ...rendered,
            requestId: view.requestId,
            kind: email.kind,
            round: input.round,
            // A later stage asks again, maybe someone asked before: a send of its own.
            ...(decisionKinds.has(email.kind) && stage > 0 ? { stage } : {}),
            ...(input.sequence ? { sequence: input.sequence } : {}),
            to: recipient,
          });
          if (sent.skipped) result.skipped += 1;
          else result.sent += 1;
        } catch (error) {
          if ((error as { code?: string }).code !== 'SMTP_PERMANENT') throw error;
          result.refused += 1;
          log.warn('recipient refused permanently', {
            requestId: view.requestId,
            kind: email.kind,
            recipient: hash(recipient.email),
          });
        }
      },
    ),
  );
  const failed = (await Promise.allSettled(sends)).find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return result;
}

/** The stage a request waits in: links are bound to it, and its pending approvers are asked. */
export function currentStage(view: RequestStatusView): number {
  return Math.max(0, view.approvals?.findIndex((s) => s.status === 'current') ?? 0);
}

function recipientsOf(
  audience: Audience,
  view: RequestStatusView,
  members: Map<string, Member>,
  delegations: readonly Delegation[],
  supportEmail: string,
  now: Date,
): Recipient[] {
  const toRecipient = (m: Member | undefined): Recipient[] =>
    m ? [{ userId: m.userId, name: m.name, email: m.email, locale: m.locale }] : [];
  // Approval emails and reminders go to the current stage's approvers who have not decided; an
  // approver away on a delegation is represented by their delegate (never the requester).
  const asked = view.approvals?.[currentStage(view)]?.pending ?? view.approvers.map((a) => a.userId);
  const askedNow = asked.flatMap((approverId): Recipient[] => {
    const delegate = activeDelegate(delegations, approverId, now);
    const approver = members.get(approverId);
    if (delegate && delegate !== view.requestedBy.userId && approver) {
      return toRecipient(members.get(delegate)).map((r) => ({
        ...r,
        onBehalfOf: { userId: approver.userId, name: approver.name },
      }));
    }
    return toRecipient(approver);
  });
  const approvers = view.approvers.flatMap((a) => toRecipient(members.get(a.userId)));
  const requester = toRecipient(members.get(view.requestedBy.userId));
  switch (audience) {
    case 'approvers':
      return askedNow;
    case 'requester':
      return requester;
    case 'watchers':
      return (view.watchers ?? []).flatMap((w) => toRecipient(members.get(w.userId)));
    case 'everyone':
      return [...requester, ...approvers];
    case 'support':
      return [{ userId: 'support', name: 'Support', email: supportEmail, locale: 'en' }, ...approvers];
  }
}

const nameOf = (members: Map<string, Member>, userId: string) => members.get(userId)?.name ?? userId;

/** Where the current approval stage stands, by name: "1 of 2 approvals". */
function progressOf(
  view: RequestStatusView,
  members: Map<string, Member>,
  stage: number,
): Pick<RequestEmailModel, 'approvals'> {
  const current = view.approvals?.[stage];
  if (!current) return {};
  return {
    approvals: {
      given: current.approvedBy.length,
      needed: current.needed,
      approvedBy: current.approvedBy.map((id) => nameOf(members, id)),
      pending: current.pending.map((id) => nameOf(members, id)),
    },
  };
}

/** The watch email's step: the last entry of the timeline that is not a reminder or a resend. */
function latestStepOf(
  view: RequestStatusView,
  members: Map<string, Member>,
): Pick<RequestEmailModel, 'latestStep'> {
  const entry = [...view.timeline]
    .reverse()
    .find((e) => !e.action.startsWith('reminder') && e.action !== 'emails resent');
  if (!entry) return {};
  const actor = entry.actor.startsWith('support:')
    ? `Support (${entry.actor.slice(8)})`
    : entry.actor === 'system'
      ? 'Plangate'
      : nameOf(members, entry.actor);
  return { latestStep: { action: entry.action, actor, state: view.state } };
}

/** Who decided and why, for result and notice emails. */
function decisionOf(
  view: RequestStatusView,
  members: Map<string, Member>,
): Pick<RequestEmailModel, 'decidedBy' | 'reason'> {
  const last = view.supportReview ?? view.decision;
  const closing = [...view.timeline].reverse().find((e) => e.state === view.state);
  const by = last?.by ?? closing?.actor;
  const reason = view.state === 'cancelled' ? closing?.detail : last?.reason;
  if (!by || by === 'system') return reason ? { reason } : {};
  return {
    decidedBy: { userId: by, name: members.get(by)?.name ?? by.replace(/^support:/, '') },
    ...(reason ? { reason } : {}),
  };
}

/** A link for this recipient (activities/mailer/request-link.ts), at the injected clock. */
function linkFor(
  deps: ActivityDeps,
  link: RequestLink,
  view: RequestStatusView,
  recipient: Recipient,
): string {
  return requestLinkUrl(deps.links, link, view, recipient, deps.now?.() ?? new Date());
}

function hash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 12);
}
