import type { PlangateClient } from '../../client/plangate-client.js';

/** Polls the status query until the request reaches `state` (or fails the test after `timeoutMs`). */
export async function waitForRequestState(
  client: PlangateClient,
  accountId: string,
  requestId: string,
  state: string,
  timeoutMs = 30_000,
  round?: number,
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const view = await client.getStatus(accountId, requestId);
    if (view.state === state && (round === undefined || view.round === round)) return view;
    last = `${view.state} (round ${view.round})`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${requestId} is ${last}, never reached ${state} within ${timeoutMs} ms`);
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is awaited, for the failure message. */
  what: string;
}

/**
 * Polls `probe` until it returns something other than undefined or false, and returns that (or
 * fails the test after `timeoutMs`). The way to wait for anything that has no event to listen to.
 */
export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 30_000, intervalMs = 100, what }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: not the case within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Watches that `check` stays true for `forMs`, failing at the first moment it is not. For what must
 * NOT happen (a duplicate email, a late decision): the window must be longer than the longest delay
 * after which the unwanted thing could still appear, e.g. the next retry interval of the activity
 * that would cause it.
 */
export async function holdsFor(
  check: () => boolean | Promise<boolean>,
  forMs: number,
  { intervalMs = 100, what }: { intervalMs?: number; what: string | (() => string) },
): Promise<void> {
  const until = Date.now() + forMs;
  for (;;) {
    if (!(await check())) {
      const described = typeof what === 'function' ? what() : what;
      throw new Error(`${described}: no longer the case before ${forMs} ms had passed`);
    }
    if (Date.now() >= until) return;
    await new Promise((r) => setTimeout(r, Math.min(intervalMs, Math.max(until - Date.now(), 1))));
  }
}
