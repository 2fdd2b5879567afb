// The portal's change form, as posted: every field as typed (so a refused form comes back as it was
// left), and the change set it means, as the difference to the current subscription. Only the shape
// is checked here (whole numbers, offered choices); the catalog's rules are the quote's, which names
// `changes.<field>` and is mapped back to the form field with formFieldOf.
import type { ChangeSet, SubscriptionTerms } from '../../../activities/pricing/types.js';
import type { PortalTexts } from '../../../activities/texts/index.js';
import type { FieldProblem } from '../../../workflows/request-errors.js';

export const MAX_NOTE = 2000;

/** What the form shows in each field; strings as typed, so nothing is lost to a refusal. */
export interface PortalFormValues {
  plan: string;
  seats: string;
  contactLimit: string;
  interval: string;
  addOns: string[];
  /** `product:plan`, or '' for none. */
  addProduct: string;
  addProductSeats: string;
  addProductTrial: boolean;
  note: string;
}

export interface ParsedPortalForm {
  values: PortalFormValues;
  changes: ChangeSet;
  /** Keyed by form field name. */
  problems: FieldProblem[];
}

/** The choices the form offers (from the catalog), to refuse anything else by name. */
export interface PortalChoices {
  plans: readonly string[];
  addOns: readonly string[];
  /** `product:plan` values of other products. */
  otherProducts: readonly string[];
}

export function currentValues(terms: SubscriptionTerms): PortalFormValues {
  return {
    plan: terms.plan,
    seats: String(terms.seats),
    contactLimit: terms.contactLimit === null ? '' : String(terms.contactLimit),
    interval: terms.interval,
    addOns: [...terms.addOns],
    addProduct: '',
    addProductSeats: '',
    addProductTrial: false,
    note: '',
  };
}

function text(form: Record<string, unknown>, name: string, max = 200): string {
  const value = form[name];
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, max) : '';
}

function list(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  const all = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return [...new Set(all.filter((v): v is string => typeof v === 'string').slice(0, 50))];
}

/** A whole number as typed ("1.000" and "1,000" read as a thousand), or undefined. */
function wholeNumber(typed: string): number | undefined {
  const digits = typed.replace(/[\s.,']/g, '');
  return /^\d{1,9}$/.test(digits) ? Number(digits) : undefined;
}

export function parsePortalForm(
  body: unknown,
  terms: SubscriptionTerms,
  choices: PortalChoices,
  t: PortalTexts,
): ParsedPortalForm {
  const form = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const rawNote = typeof form.note === 'string' ? form.note : '';
  const values: PortalFormValues = {
    plan: text(form, 'plan') || terms.plan,
    seats: text(form, 'seats'),
    contactLimit: text(form, 'contactLimit'),
    interval: text(form, 'interval') || terms.interval,
    addOns: list(form, 'addOns'),
    addProduct: text(form, 'addProduct'),
    addProductSeats: text(form, 'addProductSeats'),
    addProductTrial: text(form, 'addProductTrial') !== '',
    note: rawNote.slice(0, MAX_NOTE + 1),
  };
  const problems: FieldProblem[] = [];
  const changes: ChangeSet = {};

  if (!choices.plans.includes(values.plan)) problems.push({ field: 'plan', message: t.unknownChoice });
  else if (values.plan !== terms.plan) changes.plan = values.plan;

  if (values.seats !== '') {
    const seats = wholeNumber(values.seats);
    if (seats === undefined) problems.push({ field: 'seats', message: t.wholeNumber });
    else if (seats !== terms.seats) changes.seats = seats;
  }
  if (values.contactLimit !== '') {
    const limit = wholeNumber(values.contactLimit);
    if (limit === undefined) problems.push({ field: 'contactLimit', message: t.wholeNumber });
    else if (limit !== terms.contactLimit) changes.contactLimit = limit;
  }
  if (values.interval !== 'month' && values.interval !== 'year')
    problems.push({ field: 'interval', message: t.unknownChoice });
  else if (values.interval !== terms.interval) changes.interval = values.interval;

  const unknownAddOn = values.addOns.find((a) => !choices.addOns.includes(a) && !terms.addOns.includes(a));
  if (unknownAddOn !== undefined) problems.push({ field: 'addOns', message: t.unknownChoice });
  const add = values.addOns.filter((a) => !terms.addOns.includes(a));
  const remove = terms.addOns.filter((a) => !values.addOns.includes(a));
  if (unknownAddOn === undefined && (add.length > 0 || remove.length > 0)) {
    changes.addOns = { ...(add.length > 0 ? { add } : {}), ...(remove.length > 0 ? { remove } : {}) };
  }

  if (values.addProduct !== '') {
    const [product = '', plan = ''] = values.addProduct.split(':');
    if (!choices.otherProducts.includes(values.addProduct))
      problems.push({ field: 'addProduct', message: t.unknownChoice });
    const seats = values.addProductSeats === '' ? undefined : wholeNumber(values.addProductSeats);
    if (values.addProductSeats !== '' && seats === undefined)
      problems.push({ field: 'addProductSeats', message: t.wholeNumber });
    changes.addProduct = {
      product,
      plan,
      ...(seats !== undefined ? { seats } : {}),
      ...(values.addProductTrial ? { trial: true } : {}),
    };
  }
  if (rawNote.length > MAX_NOTE) problems.push({ field: 'note', message: t.noteTooLong });
  return { values, changes, problems };
}

/** The form field a quote's or submission's problem is about (`changes.addProduct.seats` -> `addProductSeats`). */
export function formFieldOf(field: string): string {
  const path = field.replace(/^changes\.?/, '').split(/[.[]/);
  const [first = '', second] = path;
  if (first === 'addProduct') return second === 'seats' ? 'addProductSeats' : 'addProduct';
  if (['plan', 'seats', 'contactLimit', 'interval', 'addOns', 'note'].includes(first)) return first;
  return '';
}
