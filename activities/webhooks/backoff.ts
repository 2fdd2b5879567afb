// When to try a failed delivery again: exponential backoff with jitter, for at least the retry
// period. With the defaults (5 s base, 24 h): about 5 s, 10 s, 20 s, ... doubling up to an hour
// between attempts, the last one at the end of the 24 h, then the delivery is given up (dead).

/** The longest wait between two attempts, however many failed before. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/** The delay after the n-th failed attempt (n from 1): base * 2^(n-1), capped, then "equal jitter". */
export function retryDelayMs(
  failedAttempts: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** exponent);
  // Half fixed, half random: attempts of many deliveries that failed together spread out.
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * The next attempt after a failure at `at`, or null to give up: never later than the end of the
 * retry period, so the period is covered to its end; at or past its end, no further attempt.
 */
export function nextAttemptAt(
  input: { at: Date; windowStartedAt: string; failedAttempts: number },
  settings: { retryForMs: number; retryBaseMs: number },
  random: () => number = Math.random,
): Date | null {
  const windowEnd = Date.parse(input.windowStartedAt) + settings.retryForMs;
  const now = input.at.getTime();
  if (now >= windowEnd) return null;
  return new Date(
    Math.min(now + retryDelayMs(input.failedAttempts, settings.retryBaseMs, random), windowEnd),
  );
}
