// Many requests waiting for approval at once, as after a price change mailing: what the worker's
// memory does when every one of them is open (the workflow cache bounds what it keeps in memory).
import type { PlangateClient } from '../client/plangate-client.js';
import { progressBar } from './progress-bar.js';

/** Opens one request on each of `count` accounts, starting at bench-<firstAccount>; 20 at a time. */
export async function openPendingRequests(
  client: PlangateClient,
  options: { count: number; firstAccount: number },
): Promise<void> {
  const lanes = 20;
  const bar = progressBar('pending requests', options.count);
  await Promise.all(
    Array.from({ length: lanes }, async (_, lane) => {
      for (let i = lane; i < options.count; i += lanes) {
        await client.submitChangeRequest({
          accountId: `bench-${options.firstAccount + i}`,
          requestedBy: 'admin',
          changes: { seats: 6 },
        });
        bar.tick();
      }
    }),
  );
  bar.done();
}
