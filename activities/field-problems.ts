// zod issues as the `{field, message}` problems every 400 carries, with dotted paths
// (`changes.addOns.add[0]`). The one converter: the change set, the API bodies and query strings
// all report bad input through it, so the same mistake reads the same everywhere.
import type { z } from 'zod';
import type { FieldProblem } from '../workflows/request-errors.js';

/** How an unknown key is explained; the default says only that it is not known. */
export type UnknownKeyMessage = (key: string) => string;

export function fieldPath(root: string, path: readonly PropertyKey[]): string {
  let field = root;
  for (const part of path)
    field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
  return field;
}

export function fieldProblems(
  error: z.ZodError,
  root = '',
  unknownKey: UnknownKeyMessage = () => 'is not a known field',
): FieldProblem[] {
  return error.issues.flatMap((issue): FieldProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldPath(root, [...issue.path, key]),
        message: unknownKey(key),
      }));
    }
    return [{ field: fieldPath(root, issue.path) || 'body', message: issue.message }];
  });
}
