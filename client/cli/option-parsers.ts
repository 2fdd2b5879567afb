// Parsers for option values. They throw commander's InvalidArgumentError, so bad input is a usage
// error (exit code 2) with commander's own message naming the option.
import { InvalidArgumentError } from 'commander';
import { isListedState, listedStates, type ListedState } from '../../workflows/request-states.js';
import * as duration from '../../config/duration.js';
import { wholeNumber } from '../../config/rules.js';

const countRule = wholeNumber(1, 1_000_000);

/** "90s", "90m", "12h", "3d", "2w" -> milliseconds: the syntax of the duration settings (config/duration.ts). */
export function parseDuration(value: string): number {
  const ms = duration.parseDuration(value);
  if (ms === undefined)
    throw new InvalidArgumentError(`use a number and a unit: ${duration.durationExamples}.`);
  return ms;
}

/** The integer rule of the settings (config/rules.ts): 1 or more. */
export function parsePositiveInt(value: string): number {
  const result = countRule(value.trim());
  if ('problem' in result) throw new InvalidArgumentError(`${result.problem}.`);
  return result.value;
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
