// Message-IDs and threading. Every mail of a request shows up as one conversation per recipient.
//
// The rule: each recipient has one thread root per request, `<request-<requestId>.<recipientHash>@domain>`.
// The first mail a person gets about a request carries it as its Message-ID: the approval_request
// for approvers, the receipt for the requester (both in round 1 and not a resend). Every other mail
// gets its own deterministic Message-ID `<requestId.kind.round.sequence.recipientHash@domain>` and
// names the root in In-Reply-To and References. The root is per recipient because a Message-ID
// must identify one message: the approval requests to two approvers are two messages. This assumes
// nobody receives both a receipt and an approval_request for one request, which holds because a
// requester never approves their own request.
//
// Deterministic ids also mean that a retried send (the SMTP server accepted it, recording it failed)
// reaches the inbox with the same Message-ID, and mail clients show it once.
import { createHash } from 'node:crypto';
import type { OutgoingEmail } from './types.js';

const ROOT_KINDS: ReadonlySet<string> = new Set(['approval_request', 'receipt']);

/** A short stable pseudonym for an address; the address itself never appears in headers we make up. */
export function recipientHash(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 16);
}

/** Keeps an id to the characters a Message-ID's left part may hold (RFC 5322 dot-atom-text). */
function atom(text: string): string {
  return text.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/g, '-');
}

/**
 * The send-log key of a mail: the kind, and `:round` / `:round:sequence` when given, e.g.
 * `reminder:1:2` (round 1, second reminder). One (request, key, recipient) is sent at most once.
 */
export function sendKey(email: Pick<OutgoingEmail, 'kind' | 'round' | 'stage' | 'sequence'>): string {
  // A later approval stage is part of the round: `approval_request:1s1`. Stage 0 is spelled as before.
  const round = email.stage ? `${email.round ?? 0}s${email.stage}` : email.round;
  if (email.sequence) return `${email.kind}:${round ?? 0}:${email.sequence}`;
  return round === undefined ? email.kind : `${email.kind}:${round}`;
}

export interface ThreadHeaders {
  messageId: string;
  /** Absent on the root itself. */
  inReplyTo?: string;
  references?: string;
}

export function threadRootId(requestId: string, recipientEmail: string, domain: string): string {
  return `<request-${atom(requestId)}.${recipientHash(recipientEmail)}@${domain}>`;
}

export function isThreadRoot(email: Pick<OutgoingEmail, 'kind' | 'round' | 'sequence'>): boolean {
  return ROOT_KINDS.has(email.kind) && (email.round ?? 1) <= 1 && !email.sequence;
}

export function threadHeaders(
  email: Pick<OutgoingEmail, 'requestId' | 'kind' | 'round' | 'sequence' | 'to'>,
  domain: string,
): ThreadHeaders {
  const root = threadRootId(email.requestId, email.to.email, domain);
  if (isThreadRoot(email)) return { messageId: root };
  const id = [
    atom(email.requestId),
    email.kind,
    email.round ?? 0,
    email.sequence ?? 0,
    recipientHash(email.to.email),
  ];
  return { messageId: `<${id.join('.')}@${domain}>`, inReplyTo: root, references: root };
}
