// The SMTP side of the mailer: nodemailer over SMTP_URL, idempotent through the store's send log.
// A few kept-open connections carry all messages: a new SMTP session costs a handshake (and some
// relays, smtp-server among them, pause 100 ms before greeting), which would otherwise be most of an
// email's latency and sits on the path from a click to its confirmation.
// No retry loop here: errors are typed (errors.ts) and the Temporal activity retry policy backs off.
import nodemailer from 'nodemailer';
import type { BillingStore } from '../store/types.js';
import { classifySmtpError } from './errors.js';
import { sendKey, threadHeaders } from './message-id.js';
import type { MailSender, OutgoingEmail, SendResult } from './types.js';

export interface MailSenderOptions {
  /** smtp://host:port or smtps://user:pass@host:465; may carry nodemailer options as query parameters. */
  smtpUrl: string;
  /** The From header: `Plangate <billing@example.com>`. */
  from: string;
  store: Pick<BillingStore, 'findSentEmail' | 'recordSentEmail'>;
  /** The right-hand side of Message-IDs, usually the public host name (PLANGATE_PUBLIC_URL's). */
  publicMessageIdDomain: string;
}

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

/** Short enough that a dead relay fails the attempt well inside a typical activity timeout. */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

function checkedUrl(smtpUrl: string): string {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // Never echo the URL: it may hold credentials.
    throw new TypeError('SMTP_URL is not a valid URL (expected smtp://host:port or smtps://host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new TypeError(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  return smtpUrl;
}

export function createMailSender(options: MailSenderOptions): MailSender {
  const url = checkedUrl(options.smtpUrl);
  const domain = options.publicMessageIdDomain;
  if (!DOMAIN.test(domain)) throw new TypeError(`publicMessageIdDomain is not a host name: ${domain}`);

  const transport = nodemailer.createTransport({
    url,
    ...TIMEOUTS,
    pool: true,
    maxConnections: 5,
    maxMessages: 100,
    // The pool retries on its own only once, 50 ms later on a fresh connection, when the relay had
    // dropped an idle connection before a byte was sent. Anything else fails the send at once, and
    // Temporal's retry policy does the waiting, visibly and durably, instead of a private backoff.
    maxRequeues: 1,
    // Close idle connections before the relay does (smtp-server after 60 s, Postfix after 300 s).
    idleTimeout: 30_000,
    // The mails carry only our own text and HTML; nothing should ever read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async sendOnce(email: OutgoingEmail): Promise<SendResult> {
      const key = sendKey(email);
      const recipient = email.to.email;
      const existing = await options.store.findSentEmail(email.requestId, key, recipient);
      if (existing) return { messageId: existing.messageId, skipped: true };

      const thread = threadHeaders(email, domain);
      try {
        await transport.sendMail({
          from: options.from,
          to: { name: email.to.name, address: recipient },
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId: thread.messageId,
          ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo, references: thread.references } : {}),
          headers: {
            // RFC 3834: machines must not auto-reply (vacation notices) to this.
            'Auto-Submitted': 'auto-generated',
            'X-Auto-Response-Suppress': 'All',
            'Content-Language': email.to.locale,
            // No personal data: lets support and tests find a mail by request and kind.
            'X-Plangate-Request-Id': email.requestId,
            'X-Plangate-Kind': key,
          },
        });
      } catch (error) {
        throw classifySmtpError(error);
      }
      // If this write fails the activity retries and sends again, with the same Message-ID:
      // at-least-once delivery, which mail clients collapse into one message.
      await options.store.recordSentEmail({
        requestId: email.requestId,
        kind: key,
        recipient,
        messageId: thread.messageId,
      });
      return { messageId: thread.messageId, skipped: false };
    },

    async verify(): Promise<void> {
      try {
        await transport.verify();
      } catch (error) {
        throw classifySmtpError(error);
      }
    },

    close(): void {
      transport.close();
    },
  };
}
