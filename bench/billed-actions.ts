// What the Temporal server itself counts as billable: its frontend's `action` counter (Temporal
// 1.17+, the figure Temporal recommends for estimating Cloud usage), read as Prometheus text from the
// dev server's metrics port. Unlike bench/actions.ts it sees what never reaches a history: Queries,
// rejected Updates, heartbeats. Read before and after a phase, the difference is that phase's bill.
import type { ActionBreakdown, ActionCategory } from './actions.js';
import { round } from './round.js';

/** Server action type (`action_type` label, e.g. `grpc_QueryWorkflow`) to count. */
export type ActionCounts = Record<string, number>;

export interface BilledActions {
  total: number;
  byType: ActionCounts;
}

/**
 * The server's action types for each history category of bench/actions.ts (Temporal's
 * common/rpc/interceptor/telemetry.go), as the dev server's Prometheus endpoint names them (`:`
 * becomes `_`; older servers spelled commands `command_COMMAND_TYPE_...`). A child counts twice on
 * the server (`..._Extra`), once in history; types in no list here are the ones history cannot see.
 */
export const serverTypesOf: Record<ActionCategory, string[]> = {
  start: [
    'grpc_StartWorkflowExecution',
    'grpc_ExecuteMultiOperation',
    'grpc_SignalWithStartWorkflowExecution',
  ],
  update: ['message_UpdateWorkflowExecution_Acceptance', 'message_UpdateWorkflowExecution:Acceptance'],
  activity: ['command_ScheduleActivityTask', 'command_COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK'],
  activityRetry: ['activity_retry'],
  timer: ['command_StartTimer', 'command_COMMAND_TYPE_START_TIMER'],
  upsert: [
    'command_UpsertWorkflowSearchAttributes',
    'command_COMMAND_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES',
  ],
  localActivityBatch: ['command_BatchMarkers'],
  signal: [
    'grpc_SignalWorkflowExecution',
    'command_SignalExternalWorkflowExecution',
    'command_COMMAND_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION',
  ],
  child: ['command_StartChildWorkflowExecution', 'command_COMMAND_TYPE_START_CHILD_WORKFLOW_EXECUTION'],
};

/** Sums the `action` counter by its action_type label over every other label (namespace, service). */
export function parseActionCounter(prometheusText: string): ActionCounts {
  const counts: ActionCounts = {};
  for (const line of prometheusText.split('\n')) {
    // Tally names the counter `action`, the OpenTelemetry exporter `action_total`.
    const sample = /^action(?:_total)?\{([^}]*)\}\s+(\S+)/.exec(line);
    if (!sample) continue;
    const type = /(?:^|,)action_type="([^"]*)"/.exec(sample[1]!)?.[1];
    const value = Number(sample[2]);
    if (type === undefined || !Number.isFinite(value)) continue;
    counts[type] = (counts[type] ?? 0) + value;
  }
  return counts;
}

export async function readActionCounter(metricsUrl: string): Promise<ActionCounts> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl}: HTTP ${response.status}`);
  return parseActionCounter(await response.text());
}

/**
 * The counter once it has stopped moving: the server reports its metrics on an interval, so a read
 * right after the last call may miss it. Two equal reads a reporting interval apart.
 */
export async function settledActionCounter(metricsUrl: string, intervalMs = 1500): Promise<ActionCounts> {
  let last = await readActionCounter(metricsUrl);
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = await readActionCounter(metricsUrl);
    if (sameCounts(last, next)) return next;
    last = next;
  }
  throw new Error(`the action counter at ${metricsUrl} kept moving for ${(20 * intervalMs) / 1000} s`);
}

function sameCounts(a: ActionCounts, b: ActionCounts): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

/** What was billed between two reads, per unit (a life cycle, a status read), types that moved only. */
export function billedPer(before: ActionCounts, after: ActionCounts, units: number): BilledActions {
  const byType: ActionCounts = {};
  let total = 0;
  for (const type of Object.keys(after).sort()) {
    const delta = (after[type] ?? 0) - (before[type] ?? 0);
    if (delta === 0) continue;
    byType[type] = round(delta / units, 2);
    total += delta;
  }
  return { total: round(total / units, 2), byType };
}

export interface BilledAgainstHistory {
  /** Per history category: the history's count and the server's, per approved life cycle. */
  shared: Partial<Record<ActionCategory, { history: number; server: number }>>;
  /** Where they differ on a category both see (the README explains what may cause it). */
  disagreements: ActionCategory[];
  /** Billed types no history shows (Queries, rejected Updates, heartbeats, ...). */
  serverOnly: ActionCounts;
}

/** Lines the server's count up against the history's, category by category. */
export function compareWithHistory(billed: BilledActions, history: ActionBreakdown): BilledAgainstHistory {
  const shared: BilledAgainstHistory['shared'] = {};
  const disagreements: ActionCategory[] = [];
  const mapped = new Set<string>();
  for (const [category, types] of Object.entries(serverTypesOf) as Array<[ActionCategory, string[]]>) {
    types.forEach((type) => mapped.add(type));
    const server = round(
      types.reduce((sum, type) => sum + (billed.byType[type] ?? 0), 0),
      2,
    );
    if (server === 0 && history[category] === 0) continue;
    shared[category] = { history: history[category], server };
    if (server !== history[category]) disagreements.push(category);
  }
  const serverOnly: ActionCounts = {};
  for (const [type, count] of Object.entries(billed.byType)) {
    if (!mapped.has(type)) serverOnly[type] = count;
  }
  return { shared, disagreements, serverOnly };
}
