// What a link token grants. Every way a link can fail (bad signature, expired, unknown request,
// decided, re-quoted, wrong person) collapses into one answer, `null`, so the pages cannot leak why.
// Only "we could not ask Temporal" is different: that is our outage, not the link's fault.
import type { RequestLinkClaims, RequestLinkPurpose } from '../../activities/mailer/types.js';
import { verifyLinkToken } from '../../activities/mailer/index.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import type { PlangateClient } from '../plangate-client.js';
import { PlangateError } from '../plangate-error.js';

export interface LinkAccess {
  claims: RequestLinkClaims;
  view: RequestStatusView;
  /** The approver's (or, for status links, the requester's) display name. */
  name: string;
  /** A delegate's link: `name` is the approver they decide for. */
  onBehalfOf?: true;
}

/** A 503 the pages show as "temporarily unavailable". */
export class LinkLookupUnavailable extends Error {
  constructor(override readonly cause: unknown) {
    super('The request could not be loaded');
  }
}

/**
 * A status Query needs a worker to answer and the client sets no deadline on it: without this bound
 * a page would hang for as long as no worker runs.
 */
const LOOKUP_TIMEOUT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`No answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function load<P extends RequestLinkPurpose>(
  client: PlangateClient,
  secret: Uint8Array,
  token: string,
  now: Date,
  purpose: P,
): Promise<{ claims: Extract<RequestLinkClaims, { purpose: P }>; view: RequestStatusView } | null> {
  const claims = verifyLinkToken(token, secret, now, purpose) as Extract<
    RequestLinkClaims,
    { purpose: P }
  > | null;
  if (!claims) return null;
  try {
    const view = await withTimeout(client.getStatus(claims.accountId, claims.requestId), LOOKUP_TIMEOUT_MS);
    if (view.accountId !== claims.accountId || view.requestId !== claims.requestId) return null;
    return { claims, view };
  } catch (error) {
    // Unknown request or account, malformed ids: the link is as good as invalid.
    if (error instanceof PlangateError && error.status < 500) return null;
    throw new LinkLookupUnavailable(error);
  }
}

/** An approval link that may decide right now: pending, this round, an approver who is not the requester. */
export async function approvalLinkAccess(
  client: PlangateClient,
  secret: Uint8Array,
  token: string,
  now = new Date(),
): Promise<LinkAccess | null> {
  const loaded = await load(client, secret, token, now, 'approve');
  if (!loaded) return null;
  const { claims, view } = loaded;
  if (view.state !== 'pending_approval' || claims.round !== view.round) return null;
  if (claims.subject === view.requestedBy.userId) return null;
  // Bound to the stage it was sent for, and only while its approver has not decided in it.
  const stage = view.approvals?.[claims.stage];
  if (view.approvals && stage?.status !== 'current') return null;
  if (!view.approvals && claims.stage !== 0) return null;
  const approverId = claims.onBehalfOf ?? claims.subject;
  if (stage && !stage.pending.includes(approverId)) return null;
  const approver = view.approvers.find((a) => a.userId === approverId);
  if (!approver) return null;
  return { claims, view, name: approver.name, ...(claims.onBehalfOf ? { onBehalfOf: true } : {}) };
}

/** A status link: the requester's (sent with the receipt and every later email to them), or an approver's. */
export async function statusLinkAccess(
  client: PlangateClient,
  secret: Uint8Array,
  token: string,
  now = new Date(),
): Promise<LinkAccess | null> {
  const loaded = await load(client, secret, token, now, 'status');
  if (!loaded) return null;
  const { claims, view } = loaded;
  if (!mayFollow(view, claims.subject)) return null;
  const name = 'name' in view.requestedBy ? view.requestedBy.name : view.requestedBy.userId;
  return { claims, view, name };
}

/**
 * Who may follow a request on its status page: the requester (the emails' status links), and its
 * approvers and whoever acted on it, such as a delegate (the link on the page after a decision).
 */
function mayFollow(view: RequestStatusView, userId: string): boolean {
  return (
    userId === view.requestedBy.userId ||
    view.approvers.some((a) => a.userId === userId) ||
    view.timeline.some((entry) => entry.actor === userId)
  );
}
