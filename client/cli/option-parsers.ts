// Parsers for option values. They throw commander's InvalidArgumentError, so bad input is a usage
// error (exit code 2) with commander's own message naming the option.
import { InvalidArgumentError } from 'commander';
import { isListedState, listedStates, type ListedState } from '../../workflows/request-states.js';

const durationUnits: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "90m", "12h", "3d", "2w" -> milliseconds. */
export function parseDuration(value: string): number {
  const match = /^(\d+)\s*([mhdw])$/.exec(value.trim());
  const unit = match?.[2] ? durationUnits[match[2]] : undefined;
  if (!match || unit === undefined) {
    throw new InvalidArgumentError('use a number and a unit: 90m, 12h, 3d or 2w.');
  }
  return Number(match[1]) * unit;
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a whole number above 0.');
  return n;
}

export function parseState(value: string): ListedState {
  if (!isListedState(value)) throw new InvalidArgumentError(`must be one of ${listedStates.join(', ')}.`);
  return value;
}

export function parseJsonObject(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`is not JSON (${(error as Error).message}).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidArgumentError('must be a JSON object such as \'{"seats":8}\'.');
  }
  return parsed as Record<string, unknown>;
}

export function parseInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms))
    throw new InvalidArgumentError('must be an ISO 8601 instant such as 2026-03-15T12:00:00Z.');
  return new Date(ms).toISOString();
}

/** A support name: recorded in the timeline as `support:<name>`. */
export function parseSupportName(value: string): string {
  const name = value.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/.test(name)) {
    throw new InvalidArgumentError('must be 1-64 letters, digits, "_", ".", "@" or "-".');
  }
  return name;
}
