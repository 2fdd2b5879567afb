import { expect } from 'chai';
import { isThreadRoot, sendKey, threadHeaders, threadRootId } from '../../activities/mailer/message-id.js';
import type { Recipient } from '../../activities/mailer/types.js';
import type { EmailKind } from '../../activities/store/types.js';

const to: Recipient = { userId: 'olivia', name: 'Olivia', email: 'Olivia@Acme.test', locale: 'de' };
const mail = (kind: EmailKind, round?: number, sequence?: number) => ({
  requestId: 'req_1',
  kind,
  to,
  ...(round === undefined ? {} : { round }),
  ...(sequence === undefined ? {} : { sequence }),
});

describe('message ids and threading', () => {
  it('the send-log key carries round and sequence', () => {
    expect(sendKey(mail('receipt'))).to.equal('receipt');
    expect(sendKey(mail('reminder', 1))).to.equal('reminder:1');
    expect(sendKey(mail('reminder', 1, 2))).to.equal('reminder:1:2');
    expect(sendKey(mail('reminder', undefined, 2))).to.equal('reminder:0:2');
  });

  it('the first approval request or receipt is the root; everything else replies to it', () => {
    const root = threadRootId('req_1', to.email, 'plangate.test');
    expect(threadHeaders(mail('approval_request', 1), 'plangate.test')).to.deep.equal({ messageId: root });
    expect(threadHeaders(mail('receipt'), 'plangate.test')).to.deep.equal({ messageId: root });
    for (const later of [
      mail('reminder', 1, 1),
      mail('confirmation', 1),
      mail('approval_request', 2),
      mail('receipt', 1, 1),
    ]) {
      expect(isThreadRoot(later), later.kind).to.equal(false);
      const headers = threadHeaders(later, 'plangate.test');
      expect(headers.inReplyTo).to.equal(root);
      expect(headers.references).to.equal(root);
      expect(headers.messageId).to.not.equal(root);
    }
  });

  it('ids are deterministic, distinct per kind/round/sequence/recipient, and case-insensitive in the address', () => {
    const id = (m: ReturnType<typeof mail>) => threadHeaders(m, 'plangate.test').messageId;
    expect(id(mail('reminder', 1, 1))).to.equal(id(mail('reminder', 1, 1)));
    expect(id({ ...mail('reminder', 1, 1), to: { ...to, email: 'olivia@acme.TEST' } })).to.equal(
      id(mail('reminder', 1, 1)),
    );
    const ids = new Set([
      id(mail('reminder', 1, 1)),
      id(mail('reminder', 1, 2)),
      id(mail('reminder', 2, 1)),
      id(mail('confirmation', 1)),
      id({ ...mail('confirmation', 1), to: { ...to, email: 'bill@acme.test' } }),
    ]);
    expect(ids.size).to.equal(5);
    for (const value of ids) expect(value).to.match(/^<[A-Za-z0-9._-]+@plangate\.test>$/);
  });

  it('keeps odd request ids inside a valid Message-ID', () => {
    const headers = threadHeaders({ ...mail('confirmation', 1), requestId: 'a b<c>@d' }, 'plangate.test');
    expect(headers.messageId).to.match(/^<[^\s<>@]+@plangate\.test>$/);
  });
});
