// Real SMTP: createMailSender talks to the dev sink on a free loopback port.
import { expect } from 'chai';
import { createServer } from 'node:net';
import { createMailSender } from '../../activities/mailer/smtp-sender.js';
import { PermanentMailError, TransientMailError } from '../../activities/mailer/errors.js';
import { startDevSmtpSink, type DevSmtpSink } from '../../activities/mailer/dev-smtp-sink.js';
import { renderEmail } from '../../activities/mailer/templates/render-email.js';
import type { MailSender, OutgoingEmail, Recipient } from '../../activities/mailer/types.js';
import type { EmailKind } from '../../activities/store/types.js';
import { adam, bill, fakeSentEmailStore, olivia, sampleModel, type SentEmailLog } from './fixtures.js';

const DOMAIN = 'plangate.test';

function outgoing(kind: EmailKind, to: Recipient, extra: Partial<OutgoingEmail> = {}): OutgoingEmail {
  return {
    ...renderEmail(kind, sampleModel({ recipient: to })),
    requestId: 'req_01HZX5',
    kind,
    to,
    round: 1,
    ...extra,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on: bind a free one, then release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('SMTP sender against the dev sink', function () {
  this.timeout(20_000);
  let sink: DevSmtpSink;
  let store: SentEmailLog;
  let sender: MailSender;

  beforeEach(async () => {
    sink = await startDevSmtpSink({ port: 0 });
    store = fakeSentEmailStore();
    sender = createMailSender({
      smtpUrl: sink.url,
      from: 'Plangate <billing@plangate.test>',
      store,
      publicMessageIdDomain: DOMAIN,
    });
  });
  afterEach(async () => {
    sender.close();
    await sink.stop();
  });

  it('verifies the connection', async () => {
    await sender.verify();
  });

  it('delivers a multipart message with the automation and threading headers', async () => {
    const email = outgoing('approval_request', olivia);
    const result = await sender.sendOnce(email);
    expect(result.skipped).to.equal(false);
    const mail = await sink.waitFor((m) => m.subject === email.subject, 5000);

    expect(mail.to).to.deep.equal(['olivia@acme.test']);
    expect(mail.from).to.include('billing@plangate.test');
    expect(mail.subject).to.equal(
      'Freigabe erforderlich: Acme GmbH — Team → Professional, 5 → 8 Benutzerlizenzen',
    );
    expect(mail.text).to.include('1.234,58\u00a0€');
    expect(mail.html).to.include('Prüfen und entscheiden');
    expect(mail.html).to.include('href="https://plangate.test/approve/abc.def"');
    expect(mail.headers['content-type']).to.match(/^multipart\/alternative/);
    expect(mail.headers['auto-submitted']).to.equal('auto-generated');
    expect(mail.headers['x-plangate-request-id']).to.equal('req_01HZX5');
    expect(mail.headers['x-plangate-kind']).to.equal('approval_request:1');
    // The approval request is the approver's thread root.
    expect(mail.headers['message-id']).to.match(/^<request-req_01HZX5\.[0-9a-f]{16}@plangate\.test>$/);
    expect(mail.headers['message-id']).to.equal(result.messageId);
    expect(mail.headers['in-reply-to']).to.equal(undefined);
    expect(result.messageId).to.not.include('olivia');

    // A later mail to the same person answers the root; another person has a root of their own.
    const reminder = await sender.sendOnce(outgoing('reminder', olivia, { sequence: 1 }));
    const reminderMail = await sink.waitFor((m) => m.headers['message-id'] === reminder.messageId, 5000);
    expect(reminderMail.headers['in-reply-to']).to.equal(result.messageId);
    expect(reminderMail.headers['references']).to.equal(result.messageId);
    expect(reminder.messageId).to.not.equal(result.messageId);

    const forBill = await sender.sendOnce(outgoing('approval_request', bill));
    expect(forBill.messageId).to.match(/^<request-req_01HZX5\./);
    expect(forBill.messageId).to.not.equal(result.messageId);

    expect(store.rows.map((r) => [r.kind, r.recipient, r.messageId])).to.deep.equal([
      ['approval_request:1', 'olivia@acme.test', result.messageId],
      ['reminder:1:1', 'olivia@acme.test', reminder.messageId],
      ['approval_request:1', 'bill@acme.test', forBill.messageId],
    ]);
  });

  it('sends one (request, kind, round, recipient) once, and distinct rounds and reminders each once', async () => {
    const first = await sender.sendOnce(outgoing('receipt', adam));
    const second = await sender.sendOnce(outgoing('receipt', adam));
    expect(first.skipped).to.equal(false);
    expect(second).to.deep.equal({ messageId: first.messageId, skipped: true });

    await sender.sendOnce(outgoing('reminder', olivia, { sequence: 1 }));
    await sender.sendOnce(outgoing('reminder', olivia, { sequence: 2 }));
    await sender.sendOnce(outgoing('reminder', olivia, { sequence: 2 }));
    await sender.sendOnce(outgoing('requote', olivia, { round: 2 }));
    await sender.sendOnce(outgoing('requote', olivia, { round: 2 }));
    // Nothing can still be on its way: each sendOnce above resolved on the sink's 250, which the sink
    // gives only after it stored the message. A duplicate SMTP transaction would be among them.
    const kinds = sink.messages().map((m) => m.headers['x-plangate-kind']);
    expect(kinds).to.deep.equal(['receipt:1', 'reminder:1:1', 'reminder:1:2', 'requote:2']);
    expect(store.rows).to.have.length(4);
  });

  it('turns a 421 into a TransientMailError and sends nothing, then succeeds once the server is back', async () => {
    sink.setFailure({ code: 421, message: 'Service not available, try later' });
    const error = await rejection(sender.sendOnce(outgoing('receipt', adam)));
    expect(error).to.be.instanceOf(TransientMailError);
    expect(error).to.include({ code: 'SMTP_TRANSIENT', retryable: true, responseCode: 421 });
    expect(store.rows).to.have.length(0);

    sink.setFailure(null);
    const retried = await sender.sendOnce(outgoing('receipt', adam));
    expect(retried.skipped).to.equal(false);
    expect(sink.messages()).to.have.length(1);
  });

  it('turns a 550 into a PermanentMailError without the address in its message', async () => {
    sink.setFailure({ code: 550, message: 'Mailbox <adam@acme.test> unavailable' });
    const error = await rejection(sender.sendOnce(outgoing('receipt', adam)));
    expect(error).to.be.instanceOf(PermanentMailError);
    expect(error).to.include({ code: 'SMTP_PERMANENT', retryable: false, responseCode: 550 });
    expect((error as Error).message).to.not.include('adam@acme.test');
    expect((error as Error).message).to.include('550');
    expect(store.rows).to.have.length(0);
  });

  it('turns a stopped sink into a TransientMailError, for sends and for verify', async () => {
    await sink.stop();
    const error = await rejection(sender.sendOnce(outgoing('receipt', adam)));
    expect(error).to.be.instanceOf(TransientMailError);
    expect(store.rows).to.have.length(0);
    expect(await rejection(sender.verify())).to.be.instanceOf(TransientMailError);
    // afterEach stops it again: restart one so that stays harmless.
    sink = await startDevSmtpSink({ port: 0 });
  });

  it('treats an unreachable server as transient', async () => {
    const port = await closedPort();
    const offline = createMailSender({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Plangate <billing@plangate.test>',
      store,
      publicMessageIdDomain: DOMAIN,
    });
    try {
      const error = await rejection(offline.sendOnce(outgoing('receipt', adam)));
      expect(error).to.be.instanceOf(TransientMailError);
      expect((error as TransientMailError).errorCode).to.be.a('string');
    } finally {
      offline.close();
    }
  });

  it('refuses a bad SMTP_URL without echoing it (it may hold a password)', () => {
    const make = (smtpUrl: string) => () =>
      createMailSender({ smtpUrl, from: 'x@y.test', store, publicMessageIdDomain: DOMAIN });
    expect(make('not a url with secret-pw'))
      .to.throw(TypeError)
      .with.property('message')
      .that.not.include('secret-pw');
    expect(make('http://user:secret-pw@host'))
      .to.throw(TypeError)
      .with.property('message')
      .that.not.include('secret-pw');
  });
});
