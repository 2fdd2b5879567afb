import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { testTemporal } from '../setup/temporal.js';
import { indexFile, readIndex } from './capture.js';
import { pathsOf, workflowPaths, type HistoryJson, type WorkflowPath } from './workflow-paths.js';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

/**
 * Generations of recorded histories. `2026-11` (10 paths) and `2026-12-01` (every path of that
 * day) were captured from the workflow before it stored views and events, and before scheduled
 * changes, direct changes and approval policies; they are never captured again: they prove that
 * requests started by an older worker keep working. `2026-12-01-policies` is what the first release
 * with those features recorded (before a re-quoted direct change was decided by role again, a
 * `patched` branch). `current` is what `npm run replay:capture`
 * writes, from every scenario of test/workflow/workflow.test.ts.
 */
const generations = ['2026-11', '2026-12-01', '2026-12-01-policies', 'current'];

async function historyFiles(generation: string): Promise<string[]> {
  return (await readdir(join(historiesDir, generation)))
    .filter((f) => f.endsWith('.json') && f !== indexFile)
    .sort();
}

async function readHistory(generation: string, file: string): Promise<HistoryJson> {
  return JSON.parse(await readFile(join(historiesDir, generation, file), 'utf8')) as HistoryJson;
}

// Histories captured from every workflow path are replayed against the current workflow code: a
// change that breaks determinism for requests already in flight fails here.
describe('replay of recorded histories', function () {
  this.timeout(120_000);

  for (const generation of generations) {
    it(`replays every history of ${generation} without a determinism error`, async () => {
      const files = await historyFiles(generation);
      expect(files.length, 'no recorded histories: run npm run replay:capture').to.be.greaterThan(5);
      const { workflowBundle } = await testTemporal();
      async function* histories() {
        for (const file of files) {
          const history = (await readHistory(
            generation,
            file,
          )) as unknown as temporal.api.history.v1.IHistory;
          yield { workflowId: file, history };
        }
      }
      const failures: string[] = [];
      let replayed = 0;
      for await (const result of Worker.runReplayHistories(
        { workflowBundle, replayName: `plangate-replay-${generation}` },
        histories(),
      )) {
        replayed += 1;
        if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
      }
      expect(failures).to.deep.equal([]);
      expect(replayed).to.equal(files.length);
    });
  }

  it('has a current history for every workflow path, as its capture index says', async () => {
    const files = await historyFiles('current');
    const found: Record<string, WorkflowPath[]> = {};
    for (const file of files) found[file] = pathsOf(await readHistory('current', file));
    const covered = new Set(Object.values(found).flat());
    const missing = (Object.keys(workflowPaths) as WorkflowPath[]).filter((path) => !covered.has(path));
    expect(missing, 'paths without a history: add a scenario, then npm run replay:capture').to.deep.equal([]);
    // The index is the capture's report; it must describe the histories that are really there.
    const index = await readIndex(join(historiesDir, 'current'));
    expect(
      Object.fromEntries(Object.entries(index).map(([file, entry]) => [file, entry.paths])),
    ).to.deep.equal(found);
  });
});
