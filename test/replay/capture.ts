import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../client/request-ids.js';
import { resolveTemporalCli } from '../../temporal-config/temporal-cli.js';

/** Set by `npm run replay:capture`; in ordinary test runs nothing is written. */
const target = process.env.PLANGATE_CAPTURE_HISTORIES;

/**
 * Saves the history of every run of each account's workflow as `<scenario>-<n>.json`, in the
 * proto3 JSON that `temporal workflow show --output json` prints (the format the SDK replays).
 */
export async function captureHistories(
  env: TestWorkflowEnvironment,
  scenario: string,
  accountIds: string[],
): Promise<void> {
  if (!target) return;
  const cli = resolveTemporalCli({ allowGoInstall: false });
  if (cli.kind !== 'binary') return;
  await mkdir(target, { recursive: true });
  const slug = scenario
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  let n = 0;
  for (const accountId of accountIds) {
    for await (const execution of env.client.workflow.list({
      query: `WorkflowId = '${workflowIdFor(accountId)}'`,
    })) {
      const { stdout } = await promisify(execFile)(
        cli.path,
        [
          'workflow',
          'show',
          '--address',
          env.address,
          '-w',
          execution.workflowId,
          '-r',
          execution.runId,
          '--output',
          'json',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      n += 1;
      await writeFile(join(target, `${slug}-${n}.json`), stdout);
    }
  }
}
