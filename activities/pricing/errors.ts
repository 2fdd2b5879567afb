// Typed errors of the pricing module. Callers branch on `code` (stable strings), never on messages:
// the activity layer turns `problems` into field-level 400s and anything else with a `code` into a
// non-retryable "cannot be priced" failure.

export type PricingErrorCode =
  | 'CURRENCY_MISMATCH'
  | 'CHANGE_OUTSIDE_CURRENT_PERIOD'
  | 'INVALID_INPUT'
  | 'AMOUNT_OUT_OF_RANGE'
  | 'INVALID_CATALOG'
  | 'INVALID_CHANGE';

export class PricingError extends Error {
  readonly code: PricingErrorCode;
  /** The input field at fault, as a dotted path (`current[1].quantity`), when one field is to blame. */
  readonly field?: string;

  constructor(code: PricingErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'PricingError';
    this.code = code;
    if (field !== undefined) this.field = field;
  }
}

export interface CatalogIssue {
  /** Full dotted path from the catalog root: `products.suite.plans.team.prices.EUR.month`. */
  path: string;
  message: string;
}

export class CatalogValidationError extends PricingError {
  readonly issues: CatalogIssue[];

  constructor(issues: CatalogIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(
      'INVALID_CATALOG',
      `Invalid catalog (${count}):\n${issues.map((i) => `- ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
    this.name = 'CatalogValidationError';
    this.issues = issues;
  }
}

export interface ChangeProblem {
  /** Where in the request the problem is: `changes.plan`, `changes.addOns.add[0]`. */
  field: string;
  message: string;
}

export class QuoteValidationError extends PricingError {
  readonly problems: ChangeProblem[];

  constructor(problems: ChangeProblem[]) {
    super(
      'INVALID_CHANGE',
      `The requested change is not valid: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    );
    this.name = 'QuoteValidationError';
    this.problems = problems;
  }
}

/** Shorthand for the most common error: one bad input field. */
export function invalidInput(field: string, message: string): PricingError {
  return new PricingError('INVALID_INPUT', `${field}: ${message}`, field);
}
