// The server's own count of billed Actions (its `action` counter) around one approved life cycle
// on the bench's stack, and the report's arithmetic on it: per type, the total, and agreement with
// the count from the request's history on every type both see. Never a cost or speed threshold.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureRequestHistories, totalActions } from '../../bench/actions.js';
import {
  billedPer,
  compareWithHistory,
  parseActionCounter,
  settledActionCounter,
  type ActionCounts,
} from '../../bench/billed-actions.js';
import { startBenchStack, type BenchStack } from '../../bench/bench-stack.js';
import { runLifecycles, SeatLadder } from '../../bench/lifecycles.js';
import { startWebhookProbe } from '../../bench/webhooks.js';

describe('bench: billed Actions from the server', function () {
  this.timeout(180_000);

  it('sums the action counter by action_type over its other labels', () => {
    const text = [
      '# HELP action action counter',
      '# TYPE action counter',
      'action{action_type="grpc_QueryWorkflow",namespace="default",operation="QueryWorkflow",service_name="frontend"} 3',
      'action{action_type="grpc_QueryWorkflow",namespace="other",operation="QueryWorkflow",service_name="frontend"} 2',
      'action{action_type="command_StartTimer",namespace="default",service_name="frontend"} 1',
      'action_total{action_type="activity_retry",namespace="default"} 4',
      'actions_other{action_type="grpc_QueryWorkflow"} 100',
      'service_requests{operation="QueryWorkflow"} 9',
    ].join('\n');
    expect(parseActionCounter(text)).to.deep.equal({
      grpc_QueryWorkflow: 5,
      command_StartTimer: 1,
      activity_retry: 4,
    });
  });

  describe('around one approved life cycle on the dev server', () => {
    let work: string;
    let stack: BenchStack;
    let closeProbe: () => Promise<void>;

    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'plangate-billed-test-'));
      stack = await startBenchStack({ dataDir: join(work, 'temporal'), accounts: 1 });
      closeProbe = (await startWebhookProbe(stack.store)).close;
    });
    after(async () => {
      await closeProbe?.();
      await stack?.stop();
      await rm(work, { recursive: true, force: true });
    });

    it('reports per type what the counter moved by, and agrees with the history on shared types', async () => {
      const metricsUrl = stack.server.metricsUrl!;
      const before = await settledActionCounter(metricsUrl);
      const phase = await runLifecycles(
        stack,
        { label: 'one life cycle', requests: 1, accounts: 1 },
        new SeatLadder(),
      );
      const after = await settledActionCounter(metricsUrl);
      const billed = billedPer(before, after, 1);

      const moved: ActionCounts = {};
      for (const type of Object.keys(after)) {
        const delta = after[type]! - (before[type] ?? 0);
        if (delta !== 0) moved[type] = delta;
      }
      expect(billed.byType).to.deep.equal(moved);
      expect(billed.total).to.equal(Object.values(moved).reduce((sum, n) => sum + n, 0));
      // A life cycle starts a workflow and runs activities: the counter did move.
      expect(billed.total).to.be.greaterThan(0);
      expect(billedPer(before, after, 2).total).to.equal(billed.total / 2);

      const history = await measureRequestHistories(stack.temporal, phase.requestIds);
      const compared = compareWithHistory(billed, history.perRequest);
      expect(compared.disagreements, JSON.stringify(compared.shared)).to.deep.equal([]);
      expect(compared.shared.start).to.deep.equal({ history: 1, server: 1 });
      expect(compared.shared.activity?.server).to.be.greaterThan(0);
      // What the server bills is what history shows plus what history cannot see.
      const serverOnly = Object.values(compared.serverOnly).reduce((sum, n) => sum + n, 0);
      expect(billed.total).to.equal(totalActions(history.perRequest) + serverOnly);
    });
  });
});
