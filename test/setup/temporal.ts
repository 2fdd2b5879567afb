// One real Temporal dev server per mocha run (the CLI built from source, see temporal-config/),
// with our search attributes registered, and the workflows bundled once. Started on first use.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { resolveTemporalCli } from '../../temporal-config/temporal-cli.js';
import { searchAttributeDefinitions } from '../../temporal-config/search-attributes.js';
import { bundleWorkflows } from '../../worker/workflow-bundle.js';

export interface TestTemporal {
  env: TestWorkflowEnvironment;
  workflowBundle: WorkflowBundleWithSourceMap;
  /** A task queue of its own for each suite, so suites never steal each other's tasks. */
  taskQueue(suite: string): string;
}

let shared: Promise<TestTemporal> | undefined;
let counter = 0;

export function testTemporal(): Promise<TestTemporal> {
  shared ??= start();
  return shared;
}

async function start(): Promise<TestTemporal> {
  // Worker chatter (and the warnings of activities that fail on purpose) hides test output;
  // TEMPORAL_LOG_LEVEL=WARN shows more.
  Runtime.install({
    logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN' | 'ERROR' | undefined) ?? 'ERROR'),
  });
  // In CI and locally the same rule: a missing CLI fails loudly with the command that fixes it.
  const cli = resolveTemporalCli({ allowGoInstall: process.env.CI === 'true', allowSdkDownload: false });
  if (cli.kind !== 'binary') throw new Error('unreachable: SDK download is disabled for tests');
  const [env, workflowBundle] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli.path },
        searchAttributes: searchAttributeDefinitions(),
        ip: '127.0.0.1',
        extraArgs: ['--log-level', 'error'],
      },
    }),
    bundleWorkflows(),
  ]);
  return {
    env,
    workflowBundle,
    taskQueue: (suite) => `test-${suite}-${process.pid}-${++counter}`,
  };
}

export async function stopTestTemporal(): Promise<void> {
  if (!shared) return;
  const temporal = await shared.catch(() => undefined);
  shared = undefined;
  await temporal?.env.teardown();
}
