// Ids in paths: the same rule as the client library's, checked here first so a bad id is a 400
// naming the field before anything reaches Temporal.
import type { FieldProblem } from '../../workflows/request-errors.js';
import { ID_PATTERN } from '../plangate-client.js';
import { invalidInput } from './errors.js';

export const ID_MESSAGE = 'must be 1-64 letters, digits, "_", "." or "-", starting with a letter or digit';

/** The named path parameters, checked; throws a 400 listing every bad one. */
export function pathIds<const K extends string>(params: unknown, names: readonly K[]): Record<K, string> {
  const source = (params ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const ids = {} as Record<K, string>;
  for (const name of names) {
    const value = source[name];
    if (typeof value === 'string' && ID_PATTERN.test(value)) ids[name] = value;
    else problems.push({ field: name, message: ID_MESSAGE });
  }
  if (problems.length > 0) throw invalidInput(problems);
  return ids;
}
