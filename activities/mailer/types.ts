// The mailer contract: signed approval links, localised templates, and an idempotent SMTP sender.
import type { Catalog, Locale, Quote } from '../pricing/types.js';
import type { EmailKind, Invoice, SupportNoticeKind } from '../store/types.js';
import type { RequestState } from '../../workflows/request-states.js';

/**
 * What a signed link is for: deciding a request (approvers), reading its status (the requester), or
 * a requester portal session (one member of one account, no request yet).
 */
export type LinkPurpose = 'approve' | 'status' | 'portal';

/** The purposes whose links are about one request. */
export type RequestLinkPurpose = Exclude<LinkPurpose, 'portal'>;

interface SignedClaimsBase {
  accountId: string;
  /** The member the link is for: the approver of an `approve` link, the requester of a `status` link. */
  subject: string;
  /** Random per link; the workflow records used nonces so each approval link decides at most once. */
  nonce: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}

interface LinkClaimsBase extends SignedClaimsBase {
  requestId: string;
}

/** A requester portal session (docs/http-api.md, Portal sessions): bound to one account and member, never to a request. */
export interface PortalClaims extends SignedClaimsBase {
  purpose: 'portal';
  /** The language the host app asked for; the member's own locale when absent. */
  locale?: Locale;
  /** Where "back" in the portal leads: an http(s) URL of the host app. */
  returnUrl?: string;
}

/** What a link carries: bound to one request, one member, one purpose and an expiry. */
export type RequestLinkClaims =
  | (LinkClaimsBase & {
      purpose: 'approve';
      /** The request's approval round; a re-quote starts a new round and old links stop working. */
      round: number;
      /** The approval stage it asks in (0 = the first); a later stage's links replace it. */
      stage: number;
      /** A delegate's link decides on this approver's behalf. */
      onBehalfOf?: string;
    })
  | (LinkClaimsBase & { purpose: 'status' });

export type LinkClaims = RequestLinkClaims | PortalClaims;

export interface Recipient {
  userId: string;
  name: string;
  email: string;
  locale: Locale;
  /** A delegate, asked in an approver's place (their link decides on the approver's behalf). */
  onBehalfOf?: { userId: string; name: string };
}

/** Everything a template may show. Optional parts appear only in the kinds that use them. */
export interface RequestEmailModel {
  requestId: string;
  accountId: string;
  accountName: string;
  requester: { userId: string; name: string };
  recipient: Recipient;
  quote: Quote;
  note?: string;
  /** Personal link to the approval page (approval_request, reminder, requote). */
  approvalUrl?: string;
  /** Requester's status page (receipt and every mail to the requester). */
  statusUrl?: string;
  /** When the request expires (approval_request, reminder, receipt). */
  expiresAt?: string;
  /** approved / rejected / cancelled / expired / apply_failed. */
  decidedBy?: { userId: string; name: string };
  reason?: string;
  /** confirmation: the invoice as stored. */
  invoice?: Invoice;
  /** The reverse-charge or other notes to print. */
  notes?: string[];
  /** Who decides (receipt, and the "who will decide" line elsewhere). */
  approvers?: Array<{ userId: string; name: string }>;
  /** Under an approval policy: where the current stage stands ("1 of 2"), by name. */
  approvals?: { given: number; needed: number; approvedBy: string[]; pending: string[] };
  /** watch: the latest step of the request, and the state it is in now. */
  latestStep?: { action: string; actor: string; state: RequestState };
  /** Localised product, plan and add-on names; without it ids are shown, capitalised. */
  catalog?: Pick<Catalog, 'products' | 'addOns'>;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

export interface OutgoingEmail extends RenderedEmail {
  /** The request the email is about; for a support notice, what it is about (a webhook endpoint id). */
  requestId: string;
  kind: EmailKind | SupportNoticeKind;
  /** Distinguishes repeated sends of one kind (reminder 1 and 2, approval round 2). Default none. */
  round?: number;
  /** The approval stage of an approval email or reminder (a later stage's send is its own). */
  stage?: number;
  /** Distinguishes repeated sends within a round (reminder 1 and 2, a resend by support). */
  sequence?: number;
  to: Recipient;
}

export interface SendResult {
  messageId: string;
  /** True when this (request, kind[:round], recipient) was sent before and nothing was sent now. */
  skipped: boolean;
}

export interface MailSender {
  /** Sends unless the send log already has it; SMTP 4xx is retryable, 5xx is not (typed errors). */
  sendOnce(email: OutgoingEmail): Promise<SendResult>;
  verify(): Promise<void>;
  close(): void;
}

export type { EmailKind };
