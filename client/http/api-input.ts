// The JSON API's request bodies and query strings, validated with zod into field-level problems
// (`requestedBy`, `changes.seats`, `note`). `changes` goes through the shared change-set schema so
// the API and the workflow agree on what a change is.
import { z } from 'zod';
import type { ChangeSet, Locale } from '../../activities/pricing/types.js';
import { changeSetSchema, parseChangeSet, unknownOrBillingOnly } from '../../activities/change-set-schema.js';
import { fieldProblems } from '../../activities/field-problems.js';
import { MAX_RETURN_URL_LENGTH } from '../../activities/mailer/link-token.js';
import type { FieldProblem } from '../../workflows/request-errors.js';
import { listedStates, type ListedState } from '../../workflows/request-states.js';
import { invalidInput } from './errors.js';
import { ID_MESSAGE, ID_PATTERN } from '../request-ids.js';

const MAX_TEXT = 2000;

const requiredString = (what: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });

const id = requiredString('a string id').regex(ID_PATTERN, ID_MESSAGE);
const text = z
  .string({ error: 'must be a string' })
  .max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`)
  .optional();

const locale = z.enum(['de', 'en'], { error: 'must be "de" or "en"' });

const instant = z.iso.datetime({
  offset: true,
  error: (issue) =>
    issue.input === undefined ? 'is required' : 'must be an ISO 8601 instant such as 2026-03-15T12:00:00Z',
});

// Each body is documented (openapi.json) with `changes` in place; it is checked on its own by
// parseChangeSet, which knows the payment/invoice refusals, so the first pass takes it as it is.
export const submitBodySchema = z
  .strictObject({ requestedBy: id, changes: changeSetSchema, note: text, locale: locale.optional() })
  .meta({
    id: 'SubmitChangeRequest',
    example: { requestedBy: 'adam', changes: { seats: 8 }, note: 'Two new colleagues', locale: 'en' },
  });

export const quoteBodySchema = z
  .strictObject({ changes: changeSetSchema, requestedBy: id.optional(), at: instant.optional() })
  .meta({
    id: 'QuoteChange',
    example: { changes: { plan: 'business', seats: 8 }, requestedBy: 'adam', at: '2026-03-15T12:00:00Z' },
  });

/** A requester portal session (docs/http-api.md, Portal sessions): for whom, in which language, and the way back. */
export const portalSessionSchema = z
  .strictObject({
    userId: id,
    locale: locale.optional(),
    returnUrl: z
      .string({ error: 'must be a string' })
      .max(MAX_RETURN_URL_LENGTH, `must be at most ${MAX_RETURN_URL_LENGTH} characters`)
      .refine(isHttpUrl, 'must be an absolute http(s) URL')
      .meta({ description: 'Where "Back to the app" in the portal leads: an absolute http(s) URL' })
      .optional(),
  })
  .meta({
    id: 'PortalSessionRequest',
    example: { userId: 'adam', locale: 'en', returnUrl: 'https://app.example/settings/billing' },
  });

/** `new URL` accepts `javascript:` and `data:`: only http and https may be a way back. */
function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export const cancelBodySchema = z
  .strictObject({ userId: id, reason: text })
  .meta({ id: 'CancelChangeRequest', example: { userId: 'adam', reason: 'No longer needed' } });

export const decisionBodySchema = z
  .strictObject({
    approverId: id,
    /** A delegate deciding for the approver who delegated to them. */
    onBehalfOf: id.optional(),
    decision: z.enum(['approve', 'reject'], {
      error: (issue) => (issue.input === undefined ? 'is required' : 'must be "approve" or "reject"'),
    }),
    reason: text,
  })
  .meta({ id: 'Decision', example: { approverId: 'olivia', decision: 'approve' } });

export const listQuerySchema = z.object({
  status: z.enum(listedStates, { error: `must be one of ${listedStates.join(', ')}` }).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(1000, 'must be at most 1000')
    .optional(),
});

// Payment and invoice names are refused at the top level with the same explanation as inside
// `changes` (one rule: activities/change-set-schema.ts).
function problemsOf(error: z.ZodError): FieldProblem[] {
  return fieldProblems(error, '', unknownOrBillingOnly);
}

function isPlainObject(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): { value?: T; problems: FieldProblem[] } {
  if (!isPlainObject(body)) return { problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const parsed = schema.safeParse(body);
  return parsed.success ? { value: parsed.data, problems: [] } : { problems: problemsOf(parsed.error) };
}

export interface SubmitBody {
  requestedBy: string;
  changes: ChangeSet;
  note?: string;
  locale?: Locale;
}

export function parseSubmitBody(body: unknown): SubmitBody {
  const { value, changes } = parseWithChanges(submitBodySchema, body);
  return {
    requestedBy: value.requestedBy,
    changes,
    ...(value.note !== undefined && value.note.trim() !== '' ? { note: value.note } : {}),
    ...(value.locale ? { locale: value.locale } : {}),
  };
}

export interface QuoteBody {
  changes: ChangeSet;
  requestedBy?: string;
  at?: string;
}

export function parseQuoteBody(body: unknown): QuoteBody {
  const { value, changes } = parseWithChanges(quoteBodySchema, body);
  return {
    changes,
    ...(value.requestedBy !== undefined ? { requestedBy: value.requestedBy } : {}),
    ...(value.at !== undefined ? { at: value.at } : {}),
  };
}

/** A body with `changes`: the other fields by its schema, `changes` by the change-set rules. */
function parseWithChanges<S extends z.ZodObject<{ changes: typeof changeSetSchema }>>(
  schema: S,
  body: unknown,
): { value: z.output<S>; changes: ChangeSet } {
  const { value, problems } = parseBody(schema.extend({ changes: z.unknown() }), body);
  let changes: ChangeSet | undefined;
  if (isPlainObject(body)) {
    if (body.changes === undefined) problems.push({ field: 'changes', message: 'is required' });
    else {
      const parsed = parseChangeSet(body.changes, 'changes');
      if (parsed.ok) changes = parsed.value;
      else problems.push(...parsed.problems);
    }
  }
  if (problems.length > 0 || !value || !changes) throw invalidInput(problems);
  return { value: value as z.output<S>, changes };
}

export function parseCancelBody(body: unknown): { userId: string; reason?: string } {
  const { value, problems } = parseBody(cancelBodySchema, body);
  if (!value) throw invalidInput(problems);
  return { userId: value.userId, ...(value.reason?.trim() ? { reason: value.reason } : {}) };
}

export function parseDecisionBody(body: unknown): {
  approverId: string;
  onBehalfOf?: string;
  decision: 'approve' | 'reject';
  reason?: string;
} {
  const { value, problems } = parseBody(decisionBodySchema, body);
  if (!value) throw invalidInput(problems);
  // The workflow refuses it too; saying so here saves a round trip and names the field.
  if (value.decision === 'reject' && !value.reason?.trim())
    throw invalidInput([{ field: 'reason', message: 'is required when rejecting' }]);
  return {
    approverId: value.approverId,
    ...(value.onBehalfOf ? { onBehalfOf: value.onBehalfOf } : {}),
    decision: value.decision,
    ...(value.reason?.trim() ? { reason: value.reason } : {}),
  };
}

export type PortalSessionBody = z.infer<typeof portalSessionSchema>;

export function parsePortalSessionBody(body: unknown): PortalSessionBody {
  const { value, problems } = parseBody(portalSessionSchema, body);
  if (!value) throw invalidInput(problems);
  return value;
}

export function parseListQuery(query: unknown): { status?: ListedState; limit?: number } {
  const parsed = listQuerySchema.safeParse(isPlainObject(query) ? query : {});
  if (!parsed.success) throw invalidInput(problemsOf(parsed.error));
  return parsed.data;
}
