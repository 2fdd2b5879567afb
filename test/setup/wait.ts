import type { PlangateClient } from '../../client/plangate-client.js';

/** Polls the status query until the request reaches `state` (or fails the test after `timeoutMs`). */
export async function waitForRequestState(
  client: PlangateClient,
  accountId: string,
  requestId: string,
  state: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const view = await client.getStatus(accountId, requestId);
    if (view.state === state) return view;
    last = view.state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`request ${requestId} is ${last}, never reached ${state} within ${timeoutMs} ms`);
}
