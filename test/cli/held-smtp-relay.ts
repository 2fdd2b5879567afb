// An SMTP relay on loopback that takes each message but holds back its reply ("250 OK") until the
// test releases it: a send that is provably in flight, for as long as the test needs.
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface HeldSmtpRelay {
  url: string;
  /** Resolves once this many messages have arrived and wait for their reply. */
  waitForHeld(count: number, timeoutMs?: number): Promise<void>;
  /** Answers every held message (and every later one) with 250. */
  release(): void;
  /** Envelope recipients of the messages answered with 250, in answer order. */
  accepted(): string[];
  stop(): Promise<void>;
}

export async function startHeldSmtpRelay(): Promise<HeldSmtpRelay> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const events = new EventEmitter();
  let held = 0;
  const accepted: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disableReverseLookup: true,
    disabledCommands: ['STARTTLS'],
    closeTimeout: 500,
    onData(stream, session, callback) {
      stream.resume();
      stream.once('end', () => {
        held += 1;
        events.emit('held');
        void released.then(() => {
          accepted.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      });
    },
  });
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    async waitForHeld(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (held < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`only ${held} of ${count} messages arrived at the held relay`);
        await Promise.race([once(events, 'held'), new Promise((r) => setTimeout(r, left))]);
      }
    },
    release,
    accepted: () => [...accepted],
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
