// Ids in paths: the client library's rule (client/request-ids.ts), checked here first so a bad id
// is a 400 naming every bad field before anything reaches Temporal.
import type { FieldProblem } from '../../workflows/request-errors.js';
import { ID_MESSAGE, isValidId } from '../request-ids.js';
import { invalidInput } from './errors.js';

/** The named path parameters, checked; throws a 400 listing every bad one. */
export function pathIds<const K extends string>(params: unknown, names: readonly K[]): Record<K, string> {
  const source = (params ?? {}) as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const ids = {} as Record<K, string>;
  for (const name of names) {
    const value = source[name];
    if (isValidId(value)) ids[name] = value;
    else problems.push({ field: name, message: ID_MESSAGE });
  }
  if (problems.length > 0) throw invalidInput(problems);
  return ids;
}
