import { expect } from 'chai';
import {
  PermanentMailError,
  TransientMailError,
  classifySmtpError,
  redactAddresses,
} from '../../activities/mailer/errors.js';

const smtp = (responseCode: number, command = 'RCPT TO') =>
  Object.assign(new Error(`Can't send mail - ${responseCode}`), {
    code: 'EENVELOPE',
    responseCode,
    command,
    response: `${responseCode} 5.1.1 <bob@example.com>: nope`,
  });

describe('SMTP error classification', () => {
  it('4xx replies are transient, 5xx permanent', () => {
    for (const code of [421, 450, 451, 452])
      expect(classifySmtpError(smtp(code)), String(code)).to.be.instanceOf(TransientMailError);
    for (const code of [500, 550, 552, 554])
      expect(classifySmtpError(smtp(code)), String(code)).to.be.instanceOf(PermanentMailError);
  });

  it('503 (bad command sequence) describes the session, not the message: transient', () => {
    expect(classifySmtpError(smtp(503, 'DATA'))).to.be.instanceOf(TransientMailError);
  });

  it('connection failures are transient', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS']) {
      const error = classifySmtpError(Object.assign(new Error('connect failed'), { code }));
      expect(error, code).to.be.instanceOf(TransientMailError);
      expect(error.errorCode).to.equal(code);
    }
    expect(classifySmtpError('weird')).to.be.instanceOf(TransientMailError);
  });

  it('an address refused before any server reply is permanent', () => {
    expect(
      classifySmtpError(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' })),
    ).to.be.instanceOf(PermanentMailError);
  });

  it('keeps the SMTP details but not the recipient address', () => {
    const error = classifySmtpError(smtp(550));
    expect(error).to.include({
      code: 'SMTP_PERMANENT',
      responseCode: 550,
      command: 'RCPT TO',
      name: 'PermanentMailError',
    });
    expect(error.message).to.include('550 5.1.1');
    expect(error.message).to.not.include('bob@example.com');
    expect(redactAddresses('to a.b+c@d.example, <x@y.z>')).to.equal('to [address], <[address]>');
  });

  it('leaves already classified errors alone', () => {
    const error = new PermanentMailError('x');
    expect(classifySmtpError(error)).to.equal(error);
  });
});
