import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { workflowIdFor } from '../../client/request-ids.js';
import { resolveTemporalCli } from '../../temporal-config/temporal-cli.js';
import { pathsOf, workflowPaths, type HistoryJson, type WorkflowPath } from './workflow-paths.js';

/** Set by `npm run replay:capture`; in ordinary test runs nothing is written. */
const target = process.env.PLANGATE_CAPTURE_HISTORIES;

/** `index.json` of a captured generation: each history file, its scenario and the paths it covers. */
export type CaptureIndex = Record<string, { scenario: string; paths: WorkflowPath[] }>;
export const indexFile = 'index.json';

/**
 * Saves the history of every run of each account's workflow as `<scenario>-<n>.json`, in the
 * proto3 JSON that `temporal workflow show --output json` prints (the format the SDK replays), and
 * records in `index.json` which workflow paths each history went through.
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
  const index = await readIndex(target);
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
      const file = `${slug}-${n}.json`;
      await writeFile(join(target, file), stdout);
      index[file] = { scenario, paths: pathsOf(JSON.parse(stdout) as HistoryJson) };
    }
  }
  await writeFile(join(target, indexFile), `${JSON.stringify(sorted(index), null, 2)}\n`);
}

/** After a capture: prints which paths the new generation covers, and which it misses. */
export async function reportCapturedPaths(): Promise<void> {
  if (!target) return;
  const index = await readIndex(target);
  const covered = new Set(Object.values(index).flatMap((entry) => entry.paths));
  const missing = (Object.keys(workflowPaths) as WorkflowPath[]).filter((p) => !covered.has(p));
  const lines = [`captured ${Object.keys(index).length} histories into ${target}:`];
  for (const [file, entry] of Object.entries(sorted(index)))
    lines.push(`  ${file}: ${entry.paths.join(', ') || '(no end-state path)'}`);
  lines.push(missing.length ? `  MISSING paths: ${missing.join(', ')}` : '  every workflow path is covered');
  console.log(lines.join('\n'));
}

export async function readIndex(dir: string): Promise<CaptureIndex> {
  try {
    return JSON.parse(await readFile(join(dir, indexFile), 'utf8')) as CaptureIndex;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

function sorted(index: CaptureIndex): CaptureIndex {
  return Object.fromEntries(Object.entries(index).sort(([a], [b]) => a.localeCompare(b)));
}
