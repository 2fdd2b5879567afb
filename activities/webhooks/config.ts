// Everything the webhook side reads from the environment (README, configuration), in one place
// until the shared configuration schema lands. Durations are a number and a unit: 500ms, 5s, 90m, 24h, 3d.

export interface WebhookConfig {
  /** PLANGATE_DEV=1 (implied by `plangate dev`): http and loopback endpoint URLs are allowed. */
  allowLoopback: boolean;
  /** How long a delivery is retried after it was queued (or redelivered) before it is given up. */
  retryForMs: number;
  /** The delay before the first retry; it doubles with each failed attempt (with jitter), up to an hour. */
  retryBaseMs: number;
  /** How long the previous secret keeps signing after a rotation. */
  secretOverlapMs: number;
  /** An endpoint whose every attempt failed for this long is disabled and support is told. */
  disableAfterMs: number;
  /** One attempt: connect, send, the answer's headers and body. No answer in time is a failed attempt. */
  timeoutMs: number;
  /** How often an idle dispatcher looks for due deliveries. */
  pollIntervalMs: number;
  /** Attempts one dispatcher runs at once, over all endpoints. */
  concurrency: number;
}

export class WebhookConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookConfigError';
  }
}

const units: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "500ms", "5s", "90m", "24h", "3d" -> milliseconds; the error names the variable. */
export function parseDurationSetting(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(raw.trim());
  const unit = match?.[2] ? units[match[2]] : undefined;
  if (!match || unit === undefined)
    throw new WebhookConfigError(
      `${name} must be a duration such as 500ms, 5s, 90m, 24h or 3d, got "${raw}"`,
    );
  return Math.round(Number(match[1]) * unit);
}

function duration(env: NodeJS.ProcessEnv, name: string, fallback: string, minMs: number): number {
  const raw = env[name];
  const value = parseDurationSetting(name, raw === undefined || raw === '' ? fallback : raw);
  if (value < minMs) throw new WebhookConfigError(`${name} must be at least ${minMs} ms, got "${raw}"`);
  return value;
}

function count(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000)
    throw new WebhookConfigError(`${name} must be a whole number from 1 to 1000, got "${raw}"`);
  return value;
}

export function webhookConfigFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookConfig {
  return {
    allowLoopback: env.PLANGATE_DEV === '1',
    retryForMs: duration(env, 'PLANGATE_WEBHOOK_RETRY_FOR', '24h', 0),
    retryBaseMs: duration(env, 'PLANGATE_WEBHOOK_RETRY_BASE', '5s', 10),
    secretOverlapMs: duration(env, 'PLANGATE_WEBHOOK_SECRET_OVERLAP', '24h', 0),
    disableAfterMs: duration(env, 'PLANGATE_WEBHOOK_DISABLE_AFTER', '3d', 0),
    timeoutMs: duration(env, 'PLANGATE_WEBHOOK_TIMEOUT', '10s', 100),
    pollIntervalMs: duration(env, 'PLANGATE_WEBHOOK_POLL_INTERVAL', '1s', 10),
    concurrency: count(env, 'PLANGATE_WEBHOOK_CONCURRENCY', 16),
  };
}
