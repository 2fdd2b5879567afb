// Minting a requester portal session (docs/http-api.md, Portal sessions): a signed link for one member of one
// account, short-lived because the host app hands it out each time the member opens the portal.
// Nothing is stored: the link is the session, and the portal re-reads the account on every page.
import { newNonce, signLinkToken } from '../../../activities/mailer/index.js';
import type { PortalClaims } from '../../../activities/mailer/index.js';
import type { Locale } from '../../../activities/pricing/types.js';
import type { AccountSnapshot } from '../../../activities/store/types.js';
import { PlangateError } from '../../plangate-error.js';

export interface PortalSessionRequest {
  userId: string;
  locale?: Locale;
  returnUrl?: string;
}

export interface PortalSession {
  url: string;
  expiresAt: string;
}

/** The portal's path for a session token; pages link relative to it. */
export function portalPath(token: string): string {
  return `/portal/${token}`;
}

export function openPortalSession(
  snapshot: AccountSnapshot,
  request: PortalSessionRequest,
  settings: { linkSecret: Uint8Array; publicUrl: string; ttlMs: number; now?: Date },
): PortalSession {
  const { accountId } = snapshot.account;
  if (!snapshot.members.some((m) => m.userId === request.userId)) {
    throw new PlangateError('MEMBER_NOT_FOUND', `${request.userId} is not a member of account ${accountId}`, {
      problems: [{ field: 'userId', message: `is not a member of account ${accountId}` }],
    });
  }
  const expiresAt = new Date((settings.now ?? new Date()).getTime() + settings.ttlMs).toISOString();
  const claims: PortalClaims = {
    purpose: 'portal',
    accountId,
    subject: request.userId,
    nonce: newNonce(),
    expiresAt,
    ...(request.locale ? { locale: request.locale } : {}),
    ...(request.returnUrl ? { returnUrl: request.returnUrl } : {}),
  };
  const token = signLinkToken(claims, settings.linkSecret);
  // The configured public base, never the Host header (docs/security.md).
  return { url: `${settings.publicUrl.replace(/\/+$/, '')}${portalPath(token)}`, expiresAt };
}
