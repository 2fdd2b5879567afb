// A host app's webhook receiver for tests (and the bench): a real node:http server on loopback that
// verifies every delivery with the standardwebhooks library, as a host app would, and records what
// came in. What it answers is up to the test: a status, a redirect, a hang or a connection reset.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { RequestEvent } from '../../activities/store/event-types.js';
import { waitUntil } from './wait.js';

export interface ReceivedWebhook {
  /** The webhook-id header: the event id. */
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: RequestEvent;
  /** Which of the receiver's secrets verified it (by position in `secrets` at the time). */
  verifiedWith: number[];
  /** Date.now() on arrival. */
  receivedAt: number;
}

/**
 * What to do with one request: answer a status (with headers and a body); 'hang': never answer;
 * 'hold': answer when the test calls release(); 'reset': drop the connection.
 */
export type ReceiverAnswer =
  number | { status: number; headers?: Record<string, string>; body?: string } | 'hang' | 'hold' | 'reset';

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks` */
  url: string;
  port: number;
  /** The secrets a delivery may be signed with; a delivery none of them verifies is answered 401. */
  secrets: string[];
  /** Every request in arrival order, verified or not. */
  requests: Array<{ id: string | undefined; verified: boolean; receivedAt: number }>;
  /** The verified deliveries, in arrival order (and so also retries of the same event). */
  received: ReceivedWebhook[];
  /** Decides each answer; default 200. `n` counts requests with this webhook-id so far, from 1. */
  answer: (request: { id: string; n: number; event: RequestEvent | undefined }) => ReceiverAnswer;
  /** The distinct events that were answered 2xx, in the order of their first success. */
  delivered(): RequestEvent[];
  /** Answers every held request with `status`; returns how many there were. */
  release(status?: number): number;
  waitFor(what: string, condition: (receiver: WebhookReceiver) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { secrets?: string[] } = {}): Promise<WebhookReceiver> {
  const hanging = new Set<ServerResponse>();
  const held: Array<{ response: ServerResponse; event: RequestEvent }> = [];
  const perId = new Map<string, number>();
  const succeeded: RequestEvent[] = [];
  const succeededIds = new Set<string>();

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(request.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(request.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(request.headers['webhook-signature'] ?? ''),
      };
      const verifiedWith = receiver.secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(body, headers);
          return [index];
        } catch {
          return [];
        }
      });
      const receivedAt = Date.now();
      receiver.requests.push({
        id: headers['webhook-id'] || undefined,
        verified: verifiedWith.length > 0,
        receivedAt,
      });
      if (verifiedWith.length === 0) {
        response.writeHead(401).end('signature does not verify');
        return;
      }
      const event = JSON.parse(body) as RequestEvent;
      receiver.received.push({
        id: headers['webhook-id'],
        timestamp: headers['webhook-timestamp'],
        signature: headers['webhook-signature'],
        body,
        event,
        verifiedWith,
        receivedAt,
      });
      const n = (perId.get(event.id) ?? 0) + 1;
      perId.set(event.id, n);
      const answer = receiver.answer({ id: headers['webhook-id'], n, event });
      if (answer === 'hang') {
        hanging.add(response);
        response.once('close', () => hanging.delete(response));
        return;
      }
      if (answer === 'hold') {
        held.push({ response, event });
        return;
      }
      if (answer === 'reset') {
        request.socket.destroy();
        return;
      }
      reply(response, event, typeof answer === 'number' ? { status: answer } : answer);
    });
  });
  function reply(
    response: ServerResponse,
    event: RequestEvent,
    answer: { status: number; headers?: Record<string, string>; body?: string },
  ): void {
    if (answer.status >= 200 && answer.status < 300 && !succeededIds.has(event.id)) {
      succeededIds.add(event.id);
      succeeded.push(event);
    }
    response
      .writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers })
      .end(answer.body ?? 'ok');
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    secrets: [...(options.secrets ?? [])],
    requests: [],
    received: [],
    answer: () => 200,
    delivered: () => [...succeeded],
    release(status = 200) {
      const waiting = held.splice(0);
      for (const { response, event } of waiting) reply(response, event, { status });
      return waiting.length;
    },
    waitFor: (what, condition, timeoutMs = 30_000) =>
      waitUntil(() => condition(receiver), { what: what, timeoutMs: timeoutMs }).then(() => undefined),
    async close() {
      for (const response of hanging) response.destroy();
      for (const { response } of held.splice(0)) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}
