// The mails the test stack's SMTP sink received for one request, by kind: the X-Plangate-Kind header
// is `kind[:round[:sequence]]`, the X-Plangate-Request-Id header names the request.
import type { DevMail } from '../../activities/mailer/index.js';
import type { TestStack } from './stack.js';

export const kindOf = (m: DevMail) => m.headers['x-plangate-kind']?.split(':')[0];

export function mailsOf(stack: Pick<TestStack, 'sink'>, requestId: string, kind: string): DevMail[] {
  return stack.sink
    .messages()
    .filter((m) => m.headers['x-plangate-request-id'] === requestId && kindOf(m) === kind);
}

/** Every address the mails went to, sorted. */
export const recipients = (mails: DevMail[]) => mails.flatMap((m) => m.to).sort();

/** Recipients of one kind of email for the request, sorted. */
export const sentTo = (stack: Pick<TestStack, 'sink'>, requestId: string, kind: string): string[] =>
  recipients(mailsOf(stack, requestId, kind));
