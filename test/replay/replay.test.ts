import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { testTemporal } from '../setup/temporal.js';

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));

// Histories captured from every workflow path (`npm run replay:capture`) are replayed against the
// current workflow code: a change that breaks determinism for requests already in flight fails here.
describe('replay of recorded histories', function () {
  this.timeout(120_000);

  it('replays every recorded path without a determinism error', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length, 'no recorded histories: run npm run replay:capture').to.be.greaterThan(5);
    const { workflowBundle } = await testTemporal();
    async function* histories() {
      for (const file of files) {
        const history = JSON.parse(
          await readFile(join(historiesDir, file), 'utf8'),
        ) as temporal.api.history.v1.IHistory;
        yield { workflowId: file, history };
      }
    }
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(
      { workflowBundle, replayName: 'plangate-replay' },
      histories(),
    )) {
      replayed += 1;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).to.deep.equal([]);
    expect(replayed).to.equal(files.length);
  });
});
