// How the text of one environment variable becomes a value: one rule per kind of value, each with
// the reason it gives when it refuses (the schema puts the variable's name in front of it). Rules
// that see secrets never repeat them in that reason.
import { resolve } from 'node:path';
import { durationExamples, parseDuration } from './duration.js';

/** The text of a variable (trimmed, never empty) to its value, or the reason it is refused. */
export type Rule<T> = (text: string) => { value: T } | { problem: string };

const ok = <T>(value: T) => ({ value });
const refuse = (problem: string) => ({ problem });
const got = (text: string) => `got "${text}"`;

/** Any text: names, addresses, paths that are checked where they are used. */
export const anyText: Rule<string> = ok;

/** A path, made absolute against the directory the process started in. */
export const directory: Rule<string> = (text) => ok(resolve(text));

/**
 * The one integer rule: digits only (no sign, no decimals, no exponent), within [min, max]. Where
 * 0 could mean something (a rate limit, a pool size) it is refused, not silently taken as "off".
 */
export function wholeNumber(min: number, max: number): Rule<number> {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      return refuse(`must be a whole number from ${min} to ${max}, ${got(text)}`);
    return ok(value);
  };
}

export const port: Rule<number> = (text) => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65_535)
    return refuse(`must be a port number (1-65535), ${got(text)}`);
  return ok(value);
};

/** On/off: `1`/`true` or `0`/`false` (what @temporalio/envconfig reads as true for TEMPORAL_TLS). */
export const flag: Rule<boolean> = (text) => {
  const value = text.toLowerCase();
  if (value === '1' || value === 'true') return ok(true);
  if (value === '0' || value === 'false') return ok(false);
  return refuse(`must be 1 or 0 (or true or false), ${got(text)}`);
};

export function oneOf<const T extends string>(values: readonly T[]): Rule<T> {
  const quoted = values.map((v) => `"${v}"`);
  const choices = `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return (text) => {
    const value = values.find((v) => v === text);
    return value === undefined ? refuse(`must be ${choices}, ${got(text)}`) : ok(value);
  };
}

export const emailAddress: Rule<string> = (text) =>
  /^[^@\s]+@[^@\s]+$/.test(text) ? ok(text) : refuse(`must be an email address, ${got(text)}`);

/** The public base URL of the web server, without trailing slashes (links append `/approve/...`). */
export const httpUrl: Rule<string> = (text) => {
  const url = parseUrl(text);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    return refuse(`must be an http:// or https:// URL, ${got(text)}`);
  return ok(text.replace(/\/+$/, ''));
};

/** A URL that may carry a password: the reason shows it without the password. */
export function urlWithCredentials(protocols: readonly string[], shape: string): Rule<string> {
  return (text) => {
    const url = parseUrl(text);
    if (!url) return refuse(`must be ${shape}, got something that is not a URL`);
    if (!protocols.includes(url.protocol)) return refuse(`must be ${shape}, ${got(redactUrlPassword(text))}`);
    return ok(text);
  };
}

/** A duration above 0 in milliseconds. */
export const positiveDuration: Rule<number> = (text) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0)
    return refuse(`must be a duration above 0 such as ${durationExamples}, ${got(text)}`);
  return ok(ms);
};

/** A duration of 0 or more in milliseconds (0: not at all, e.g. no retries). */
export const duration: Rule<number> = (text) => {
  const ms = parseDuration(text);
  if (ms === undefined) return refuse(`must be a duration such as ${durationExamples}, ${got(text)}`);
  return ok(ms);
};

/** Durations separated by commas, each later than the one before, or `none`. */
export const increasingDurations: Rule<number[]> = (text) => {
  if (text.toLowerCase() === 'none') return ok([]);
  const values: number[] = [];
  for (const item of text.split(',')) {
    const ms = parseDuration(item);
    if (ms === undefined || ms <= 0)
      return refuse(
        `must be durations above 0 separated by commas (${durationExamples}) or "none", ${got(text)}`,
      );
    const previous = values.at(-1);
    if (previous !== undefined && ms <= previous)
      return refuse(`must grow from one duration to the next, ${got(text)}`);
    values.push(ms);
  }
  return ok(values);
};

/** The URL with its password replaced by `***`, for messages and `plangate doctor`. */
export function redactUrlPassword(text: string): string {
  const url = parseUrl(text);
  if (!url) return '(not a URL)';
  if (!url.password) return text;
  url.password = '***';
  return url.toString();
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
