// What the webhook side is configured with; config/environment.ts reads it from the environment
// (PLANGATE_WEBHOOK_*, PLANGATE_DEV) and config/settings.ts builds it (webhookSettings).

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
