import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';

/** The workflow sources, whether we run from TypeScript (tests) or from dist/ (production). */
export function workflowsPath(): string {
  for (const candidate of ['../workflows/index.ts', '../workflows/index.js']) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error('Cannot find workflows/index.ts or workflows/index.js next to the worker');
}

/** Written by `npm run build` so that workers start in milliseconds instead of bundling each time. */
export const prebuiltBundlePath = fileURLToPath(new URL('../workflow-bundle.js', import.meta.url));

export type WorkflowCode = { codePath: string } | WorkflowBundleWithSourceMap;

export async function loadWorkflowCode(): Promise<WorkflowCode> {
  if (existsSync(prebuiltBundlePath) && !workflowsPath().endsWith('.ts'))
    return { codePath: prebuiltBundlePath };
  return bundleWorkflows();
}

export function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
}
