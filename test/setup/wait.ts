import type { PlangateClient } from '../../client/plangate-client.js';

/**
 * Polls the request's status until it reaches `state` (and, with `round`, that approval round: a
 * re-quoted request is pending approval again, in a later round), or fails the test after `timeoutMs`.
 */
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

/**
 * Polls `condition` until it returns a value other than undefined/false (and returns it), or fails
 * after `timeoutMs` saying what was awaited. For conditions that have no event to wait on.
 */
export async function waitUntil<T>(
  what: string,
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
