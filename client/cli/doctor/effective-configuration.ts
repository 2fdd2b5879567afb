// What `plangate doctor` shows of the configuration: every variable of the schema with the value in
// force (set here, or its default), secrets redacted, bad values with their reason, and the request
// policy that new requests would get.
import {
  documentedVariables,
  type ConfigProblem,
  type Environment,
  type VariableDoc,
} from '../../../config/environment.js';
import { formatDuration } from '../../../config/duration.js';
import { redactUrlPassword } from '../../../config/rules.js';
import { requestPolicy, type DeploymentRequestPolicy } from '../../../config/settings.js';

export interface ShownVariable {
  name: string;
  /** The value in force as text (redacted for secrets); null when unset without a default. */
  value: string | null;
  /** `environment`: set here; `default`: unset, the default applies; `invalid`: set, but refused. */
  source: 'environment' | 'default' | 'unset' | 'invalid';
  /** Why an invalid value is refused. */
  problem?: string;
  /** Another module reads it (the README's default applies there). */
  readBy?: string;
  /** What happens when it is unset (the README's "Default" column). */
  whenUnset?: string;
}

export interface EffectiveConfiguration {
  variables: ShownVariable[];
  requestPolicy: DeploymentRequestPolicy & { summary: string };
}

export function effectiveConfiguration(
  raw: Record<string, string | undefined>,
  environment: Environment,
  problems: readonly ConfigProblem[],
): EffectiveConfiguration {
  const variables = documentedVariables().map(({ name, doc }): ShownVariable => {
    const text = raw[name]?.trim();
    const problem = problems.find((p) => p.variable === name)?.message;
    const extra = doc.readBy ? { readBy: doc.readBy } : {};
    if (problem !== undefined) {
      return { name, value: redacted(text ?? '', doc), source: 'invalid', problem, ...extra };
    }
    if (text) return { name, value: redacted(text, doc), source: 'environment', ...extra };
    const resolved: unknown = environment[name];
    // Strings in force are shown as resolved (an absolute data directory, a derived SMTP_URL);
    // numbers, flags and durations as the default text that produced them.
    const value = typeof resolved === 'string' ? resolved : (doc.fallback ?? null);
    if (value === null) {
      const whenUnset = (doc.default ?? '').replaceAll('`', '').replace(/^unset:?\s*/, '');
      return {
        name,
        value: null,
        source: 'unset',
        ...extra,
        ...(whenUnset ? { whenUnset } : {}),
      };
    }
    return { name, value: redacted(value, doc), source: 'default', ...extra };
  });
  const policy = requestPolicy(environment);
  return { variables, requestPolicy: { ...policy, summary: describeRequestPolicy(policy) } };
}

/** One line: "downgrades immediate, reminders after 24h and 72h, expiry after 7d, support review within 14d". */
export function describeRequestPolicy(policy: DeploymentRequestPolicy): string {
  const reminders = policy.remindAfterMs.map(formatDuration);
  return [
    `downgrades ${policy.quote.downgradeTiming}`,
    reminders.length === 0
      ? 'no reminders'
      : `reminders after ${reminders.length === 1 ? reminders[0] : `${reminders.slice(0, -1).join(', ')} and ${reminders.at(-1)}`}`,
    `expiry after ${formatDuration(policy.expireAfterMs)}`,
    `support review within ${formatDuration(policy.supportReviewTimeoutMs)}`,
  ].join(', ');
}

/** The text block of `plangate doctor`: one line per variable (an unset family in one line). */
export function renderConfiguration(configuration: EffectiveConfiguration): string[] {
  const families = new Map<string, string | undefined>(
    documentedVariables().map(({ name, doc }) => [name, doc.family]),
  );
  const rows: Array<[string, string]> = [];
  const unsetFamilies = new Set<string>();
  for (const variable of configuration.variables) {
    const family = families.get(variable.name);
    if (family && variable.source === 'unset') {
      if (!unsetFamilies.has(family)) rows.push([family, 'unset']);
      unsetFamilies.add(family);
      continue;
    }
    rows.push([variable.name, describe(variable)]);
  }
  const width = Math.max(...rows.map(([name]) => name.length));
  return [
    'Configuration (README "Configuration"; secrets shown as ***):',
    ...rows.map(([name, text]) => `  ${name.padEnd(width)}  ${text}`),
    configuration.variables.some((v) => v.source === 'invalid')
      ? `Request policy, with the invalid values at their defaults (no process starts until they are fixed): ${configuration.requestPolicy.summary}`
      : `Request policy for new requests: ${configuration.requestPolicy.summary}`,
  ];
}

function describe(variable: ShownVariable): string {
  const by = variable.readBy ? ` (read by ${variable.readBy})` : '';
  switch (variable.source) {
    case 'environment':
      return `${variable.value}${by}`;
    case 'default':
      return `${variable.value} (default)${by}`;
    case 'unset':
      return `unset${variable.whenUnset ? `: ${variable.whenUnset}` : ''}${by}`;
    case 'invalid':
      return `${variable.value} (invalid: ${variable.problem})`;
  }
}

function redacted(value: string, doc: VariableDoc): string {
  if (doc.secret === 'value') return value ? '***' : '';
  if (doc.secret === 'url-password') return redactUrlPassword(value);
  return value;
}
