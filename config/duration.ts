// Durations as people write them, in settings (PLANGATE_EXPIRE_AFTER=7d) and in CLI options
// (--older-than 3d): a whole number and one unit. One syntax for both, so what works in one works
// in the other.

const unitMs = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** For messages: what a duration looks like. */
export const durationExamples = '90s, 90m, 12h, 3d or 2w';

/** "500ms", "90s", "90m", "12h", "3d", "2w" -> milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*(ms|[smhdw])$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const ms = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  return Number.isSafeInteger(ms) ? ms : undefined;
}

/**
 * Milliseconds -> the unit people use for them: days from a week on (7d, 14d), hours below
 * (24h, 72h), then minutes and seconds; `ms` for what no unit divides.
 */
export function formatDuration(ms: number): string {
  if (ms >= unitMs.w && ms % unitMs.d === 0) return `${ms / unitMs.d}d`;
  for (const unit of ['h', 'm', 's'] as const) {
    if (ms >= unitMs[unit] && ms % unitMs[unit] === 0) return `${ms / unitMs[unit]}${unit}`;
  }
  return `${ms}ms`;
}
