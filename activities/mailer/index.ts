// The mailer's public API: signed approval links, localised emails, the idempotent SMTP sender and
// the dev SMTP sink with its /dev/mail page.
export type {
  LinkClaims,
  PortalClaims,
  RequestLinkClaims,
  RequestLinkPurpose,
  LinkPurpose,
  EmailKind,
  MailSender,
  OutgoingEmail,
  Recipient,
  RenderedEmail,
  RequestEmailModel,
  SendResult,
} from './types.js';
export { newNonce, signLinkToken, tokenHash, verifyLinkToken } from './link-token.js';
export { requestLinkUrl, type RequestLink } from './request-link.js';
export { LINK_SECRET_ENV, LinkSecretError, loadLinkSecret } from './link-secret.js';
export { renderEmail } from './templates/render-email.js';
export { createMailSender, type MailSenderOptions } from './smtp-sender.js';
export { PermanentMailError, TransientMailError, classifySmtpError, type MailError } from './errors.js';
export { recipientHash, sendKey, threadHeaders, threadRootId } from './message-id.js';
export {
  startDevSmtpSink,
  type DevMail,
  type DevSmtpSink,
  type DevSmtpSinkOptions,
  type SinkFailure,
} from './dev-smtp-sink.js';
export { renderDevMailbox } from './dev-mailbox-page.js';
