import { resolve } from 'node:path';
import { approvalPolicyFromEnv } from '../activities/approval-policy.js';
import type { ApprovalPolicy } from '../activities/store/policy-types.js';

/** Everything the worker reads from the environment, with the embedded defaults of the dev stack. */
export interface WorkerConfig {
  dataDir: string;
  smtpUrl: string;
  mailFrom: string;
  publicUrl: string;
  supportEmail: string;
  catalogFile: string | undefined;
  /** Workflow cache: bounds memory when many requests wait for approval. */
  maxCachedWorkflows: number;
  maxConcurrentActivities: number;
  maxConcurrentWorkflowTasks: number;
  /** PLANGATE_APPROVAL_POLICY, checked at start: the policy of accounts without their own. */
  approvalPolicy: ApprovalPolicy;
}

export function workerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  return {
    dataDir: resolve(env.PLANGATE_DATA_DIR || './var'),
    smtpUrl: env.SMTP_URL || `smtp://127.0.0.1:${env.SMTP_PORT || 2525}`,
    mailFrom: env.MAIL_FROM || 'Plangate <plangate@localhost>',
    publicUrl: env.PLANGATE_PUBLIC_URL || `http://localhost:${env.PORT || 3000}`,
    supportEmail: env.PLANGATE_SUPPORT_EMAIL || 'support@localhost',
    catalogFile: env.PLANGATE_CATALOG_FILE || undefined,
    // Requests wait days for a decision: a cached one saves a replay of ~25 events when the owner
    // clicks, so a small cache costs little, while each cached run holds heap in the workflow thread.
    maxCachedWorkflows: positiveInt(env, 'WORKER_MAX_CACHED_WORKFLOWS', 200),
    maxConcurrentActivities: positiveInt(env, 'WORKER_MAX_CONCURRENT_ACTIVITIES', 50),
    maxConcurrentWorkflowTasks: positiveInt(env, 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS', 20),
    approvalPolicy: approvalPolicyFromEnv(env),
  };
}

export function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}
