// The URL of a signed link to a request's page (`/approve/...`, `/status/...`), for emails and for
// the page after a decision. Built from the configured public URL only, never from a Host header.
import type { RequestStatusView } from '../../workflows/messages.js';
import { newNonce, signLinkToken } from './link-token.js';
import type { Locale } from '../pricing/types.js';

export type RequestLink =
  { purpose: 'approve'; round: number; stage: number; onBehalfOf?: string } | { purpose: 'status' };

/** How long a status link stays readable. */
const STATUS_LINK_MS = 90 * 86_400_000;

export function requestLinkUrl(
  links: { secret: Uint8Array; publicUrl: string },
  link: RequestLink,
  view: Pick<RequestStatusView, 'requestId' | 'accountId' | 'expiresAt'>,
  recipient: { userId: string; locale: Locale },
  now: Date = new Date(),
): string {
  // Decision links expire with the request; a status link stays readable for 90 days.
  const expiresAt =
    link.purpose === 'approve' && view.expiresAt
      ? view.expiresAt
      : new Date(now.getTime() + STATUS_LINK_MS).toISOString();
  const token = signLinkToken(
    {
      ...link,
      requestId: view.requestId,
      accountId: view.accountId,
      subject: recipient.userId,
      nonce: newNonce(),
      expiresAt,
    },
    links.secret,
  );
  return `${links.publicUrl.replace(/\/+$/, '')}/${link.purpose}/${token}?lang=${recipient.locale}`;
}
