// What one API status read of a pending request costs in billed Actions: a host app polls this,
// so it is counted on its own, apart from the life cycles (bench/billed-actions.ts).
import type { BenchStack } from './bench-stack.js';
import { billedPer, settledActionCounter, type BilledActions } from './billed-actions.js';

/** Opens one request on `accountId`, leaves it pending, and reads its status `reads` times. */
export async function billedPerStatusRead(
  stack: Pick<BenchStack, 'publicUrl' | 'apiToken' | 'client'>,
  metricsUrl: string,
  options: { accountId: string; reads: number },
): Promise<BilledActions> {
  const { accountId } = options;
  const { requestId } = await stack.client.submitChangeRequest({
    accountId,
    requestedBy: 'admin',
    changes: { seats: 6 },
  });
  const url = `${stack.publicUrl}/api/v1/accounts/${accountId}/change-requests/${requestId}`;
  const read = async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${stack.apiToken}` } });
    if (response.status !== 200) throw new Error(`status of ${requestId}: HTTP ${response.status}`);
    return (await response.json()) as { state: string };
  };
  // The submission's own tasks (the approval emails) finish first: they are not the read's bill.
  for (let waited = 0; (await read()).state !== 'pending_approval'; waited += 100) {
    if (waited > 30_000) throw new Error(`${requestId} did not become pending_approval in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const before = await settledActionCounter(metricsUrl);
  for (let i = 0; i < options.reads; i++) await read();
  return billedPer(before, await settledActionCounter(metricsUrl), options.reads);
}
