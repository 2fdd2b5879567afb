import { z } from 'zod';
import type { ChangeSet } from './pricing/types.js';
import type { FieldProblem } from '../workflows/request-errors.js';

// A request may never touch payment methods or invoices (Zendesk): those names are refused with their
// own message instead of the generic "unknown field", so the requester learns why.
const billingOnlyFields = [
  'paymentMethod',
  'payment',
  'card',
  'invoice',
  'invoices',
  'billingAddress',
  'billingEmail',
];

const id = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const changeSetSchema = z
  .strictObject({
    plan: id.optional(),
    seats: z.number().int('must be a whole number').min(1, 'must be at least 1').max(100_000).optional(),
    contactLimit: z
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(100_000_000)
      .optional(),
    interval: z.enum(['month', 'year'], { error: 'must be "month" or "year"' }).optional(),
    addOns: z
      .strictObject({
        add: z.array(id).max(20).optional(),
        remove: z.array(id).max(20).optional(),
      })
      .optional(),
    addProduct: z
      .strictObject({
        product: id,
        plan: id,
        seats: z.number().int('must be a whole number').min(1).max(100_000).optional(),
        trial: z.boolean().optional(),
      })
      .optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'must name at least one change' });

/** Validates the shape of `changes` (the catalog checks come later, in the quote). */
export function parseChangeSet(
  raw: unknown,
  path = 'changes',
): { ok: true; value: ChangeSet } | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const key of Object.keys(raw)) {
      if (billingOnlyFields.includes(key)) {
        problems.push({
          field: `${path}.${key}`,
          message:
            'payment methods and invoices cannot be changed through a request; the account owner manages them',
        });
      }
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const parsed = changeSetSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problems: zodProblems(parsed.error, path) };
}

/** zod issues as `{field, message}` with dotted paths (`changes.addOns.add[0]`). */
export function zodProblems(error: z.ZodError, root: string): FieldProblem[] {
  return error.issues.map((issue) => {
    let field = root;
    for (const part of issue.path)
      field += typeof part === 'number' ? `[${part}]` : field ? `.${String(part)}` : String(part);
    if (issue.code === 'unrecognized_keys') {
      return { field, message: `unknown field(s): ${issue.keys.join(', ')}` };
    }
    return { field, message: issue.message };
  });
}
