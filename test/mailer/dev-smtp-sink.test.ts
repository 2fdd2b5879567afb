import { expect } from 'chai';
import nodemailer from 'nodemailer';
import { startDevSmtpSink, type DevMail, type DevSmtpSink } from '../../activities/mailer/dev-smtp-sink.js';
import { renderDevMailbox } from '../../activities/mailer/dev-mailbox-page.js';

async function send(sink: DevSmtpSink, subject: string, extra: Record<string, unknown> = {}): Promise<void> {
  const transport = nodemailer.createTransport({ url: sink.url });
  try {
    await transport.sendMail({
      from: 'Plangate <billing@plangate.test>',
      to: 'Olivia <olivia@acme.test>',
      subject,
      text: `text of ${subject}`,
      html: `<p>html of ${subject}</p>`,
      ...extra,
    });
  } finally {
    transport.close();
  }
}

describe('dev SMTP sink', function () {
  this.timeout(20_000);
  let sink: DevSmtpSink;
  afterEach(async () => {
    await sink.stop();
  });

  it('listens on loopback and keeps parsed messages, newest last, in the /dev/mail.json shape', async () => {
    sink = await startDevSmtpSink({ port: 0 });
    expect(sink.url).to.equal(`smtp://127.0.0.1:${sink.port}`);
    await send(sink, 'Grüße, first', { cc: 'bill@acme.test', headers: { 'X-Plangate-Kind': 'receipt' } });
    await send(sink, 'second');
    const [first, second] = sink.messages();
    expect(sink.messages()).to.have.length(2);
    expect(first).to.include({
      subject: 'Grüße, first',
      text: 'text of Grüße, first',
      html: '<p>html of Grüße, first</p>',
    });
    expect(first?.to).to.deep.equal(['olivia@acme.test', 'bill@acme.test']);
    expect(first?.from).to.equal('"Plangate" <billing@plangate.test>');
    expect(first?.headers['x-plangate-kind']).to.equal('receipt');
    expect(first?.headers['subject']).to.equal('Grüße, first');
    expect(first?.headers['message-id']).to.match(/^<.+@.+>$/);
    expect(Date.parse(first?.date ?? '')).to.be.closeTo(Date.now(), 60_000);
    expect(second?.subject).to.equal('second');
    expect(new Set([first?.id, second?.id]).size).to.equal(2);
    expect(Object.keys(first ?? {}).sort()).to.deep.equal([
      'date',
      'from',
      'headers',
      'html',
      'id',
      'subject',
      'text',
      'to',
    ]);

    sink.clear();
    expect(sink.messages()).to.have.length(0);
  });

  it('keeps at most maxMessages, dropping the oldest', async () => {
    sink = await startDevSmtpSink({ port: 0, maxMessages: 2 });
    for (const subject of ['a', 'b', 'c']) await send(sink, subject);
    expect(sink.messages().map((m) => m.subject)).to.deep.equal(['b', 'c']);
  });

  it('waitFor finds a message already there, one that arrives later, and times out otherwise', async () => {
    sink = await startDevSmtpSink({ port: 0 });
    await send(sink, 'early');
    expect((await sink.waitFor((m) => m.subject === 'early', 100)).subject).to.equal('early');
    const later = sink.waitFor((m) => m.subject === 'late', 5000);
    await send(sink, 'other');
    await send(sink, 'late');
    expect((await later).subject).to.equal('late');
    let error: unknown;
    try {
      await sink.waitFor((m) => m.subject === 'never', 50);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(Error);
  });

  it('refuses with the configured reply while a failure is set', async () => {
    sink = await startDevSmtpSink({ port: 0 });
    sink.setFailure({ code: 421, message: 'Try later' });
    let error: unknown;
    try {
      await send(sink, 'refused');
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property('responseCode', 421);
    sink.setFailure(null);
    await send(sink, 'accepted');
    expect(sink.messages().map((m) => m.subject)).to.deep.equal(['accepted']);
  });

  it('refuses messages over the size limit', async () => {
    sink = await startDevSmtpSink({ port: 0, maxSizeBytes: 2000 });
    let error: unknown;
    try {
      await send(sink, 'big', { text: 'x'.repeat(10_000) });
    } catch (e) {
      error = e;
    }
    expect(error).to.have.property('responseCode').that.is.within(500, 599);
    expect(sink.messages()).to.have.length(0);
  });
});

describe('dev mailbox page', () => {
  const mail = (id: string, subject: string, html: string, text = ''): DevMail => ({
    id,
    to: ['olivia@acme.test'],
    from: 'Plangate <billing@plangate.test>',
    subject,
    text,
    html,
    headers: {},
    date: '2025-03-16T10:00:00.000Z',
  });

  it('lists messages newest first, each HTML body in a sandboxed srcdoc iframe, everything escaped', () => {
    const page = renderDevMailbox([
      mail('1', 'older', '<p>one</p>'),
      mail(
        '2',
        'newer <script>alert(1)</script>',
        '<p onclick="x()">two &amp; "quotes"</p>',
        'Open https://plangate.test/approve/tok.sig now',
      ),
    ]);
    expect(page).to.match(/^<!DOCTYPE html>/);
    expect(page.indexOf('newer')).to.be.lessThan(page.indexOf('older'));
    expect(page).to.not.include('<script');
    expect(page).to.include('newer &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).to.include('<iframe sandbox=""');
    expect(page).to.include(
      'srcdoc="&lt;p onclick=&quot;x()&quot;&gt;two &amp;amp; &quot;quotes&quot;&lt;/p&gt;"',
    );
    expect(page).to.include('href="https://plangate.test/approve/tok.sig"');
    expect(page).to.include('rel="noopener noreferrer"');
    expect(page).to.not.match(/<(link|script)\b|src="http/i);
    expect(page).to.include('Development mailbox (2)');
  });

  it('speaks German when asked and says when there is nothing', () => {
    expect(renderDevMailbox([], 'de')).to.include('Noch keine Nachrichten.');
    expect(renderDevMailbox([], 'en')).to.include('No messages yet.');
  });
});
