import { z } from 'zod';
import type { ChangeSet } from './pricing/types.js';
import type { FieldProblem } from '../workflows/request-errors.js';
import { fieldProblems } from './field-problems.js';

// A request may never touch payment methods or invoices (Zendesk): such names are refused with
// their own message instead of the generic "not a known field", so the requester learns why. The
// same rule holds at the top of an API body (client/http/api-input.ts).
const BILLING_ONLY = /^(payment|card|invoice|billing)/i;
export const BILLING_ONLY_MESSAGE =
  'payment methods and invoices cannot be changed through a request; the account owner manages them';

export function unknownOrBillingOnly(key: string): string {
  return BILLING_ONLY.test(key) ? BILLING_ONLY_MESSAGE : 'is not a known field';
}

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
  const parsed = changeSetSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = fieldProblems(parsed.error, path, unknownOrBillingOnly);
  // A billing field is the one thing to say: the rest of the change is beside the point.
  const billing = problems.filter((p) => p.message === BILLING_ONLY_MESSAGE);
  return { ok: false, problems: billing.length > 0 ? billing : problems };
}
