// Checks a requested change against the catalog and the current subscription, collecting every
// problem with the request field it belongs to (one clear message per problem), and works out the
// terms the subscription will have afterwards.
import { catalogCurrencies } from './catalog.js';
import type { ChangeProblem } from './errors.js';
import { tierFor } from './items.js';
import type {
  BillingInterval,
  Catalog,
  CatalogPlan,
  CatalogProduct,
  ChangeSet,
  SubscriptionTerms,
} from './types.js';

export interface AddedProductSpec {
  product: string;
  plan: string;
  seats: number;
  contactLimit: number | null;
  trial: boolean;
  trialDays?: number;
}

export interface ValidatedChange {
  problems: ChangeProblem[];
  /** The main subscription's terms after the change (period dates still the current ones). */
  after: SubscriptionTerms;
  added?: AddedProductSpec;
}

const limits = (n: number) => n.toLocaleString('en');

export function validateChange(
  catalog: Catalog,
  before: SubscriptionTerms,
  change: ChangeSet,
  subscribedProducts: readonly string[] = [],
): ValidatedChange {
  const problems: ChangeProblem[] = [];
  const problem = (field: string, message: string) => problems.push({ field, message });

  if (typeof change !== 'object' || change === null) {
    problem('changes', 'expected an object');
    return { problems, after: before };
  }
  const product = catalog.products[before.product];
  if (!product) {
    problem('subscription.product', `unknown product ${before.product}: it is not in the catalog`);
    return { problems, after: before };
  }
  const currentPlan = product.plans[before.plan];
  if (!currentPlan) {
    problem(
      'subscription.plan',
      `unknown plan ${before.plan} of ${product.name.en}: it is not in the catalog`,
    );
    return { problems, after: before };
  }
  const currencies = catalogCurrencies(catalog);
  if (!currencies.includes(before.currency)) {
    problem(
      'subscription.currency',
      `the account is billed in ${before.currency}, which the price book does not offer (${currencies.join(', ')})`,
    );
  }
  for (const held of before.addOns) {
    if (!catalog.addOns[held])
      problem(
        'subscription.addOns',
        `the subscription holds add-on ${held}, which the catalog no longer has`,
      );
  }

  // Plan.
  let planId = before.plan;
  if (change.plan !== undefined) {
    if (typeof change.plan !== 'string' || !Object.hasOwn(product.plans, change.plan)) {
      problem(
        'changes.plan',
        `unknown plan "${String(change.plan)}" for ${product.name.en}; choose one of ${Object.keys(product.plans).join(', ')}`,
      );
    } else {
      planId = change.plan;
    }
  }
  const plan = product.plans[planId] ?? currentPlan;
  const planChanged = planId !== before.plan;

  // Seats (per_seat products only).
  let seats = before.seats;
  if (product.pricing === 'per_seat') {
    if (change.seats !== undefined && !isCount(change.seats)) {
      problem('changes.seats', 'must be a whole number of at least 1');
    } else {
      seats = change.seats ?? before.seats;
      const range = plan.seats;
      if (range && (seats < range.min || seats > range.max)) {
        if (change.seats !== undefined) {
          problem('changes.seats', `must be between ${range.min} and ${range.max} for plan ${plan.name.en}`);
        } else if (planChanged) {
          problem(
            'changes.plan',
            `plan ${plan.name.en} takes ${range.min} to ${range.max} seats and the subscription has ${seats}; ask for a seat count in that range too (changes.seats)`,
          );
        }
      }
    }
  } else if (change.seats !== undefined) {
    problem('changes.seats', `${product.name.en} is priced by contact limit, not per seat`);
  }

  // Contact limit (contact-tier products only).
  let contactLimit = before.contactLimit;
  if (product.pricing === 'contact_tiers') {
    if (change.contactLimit !== undefined && !isCount(change.contactLimit)) {
      problem('changes.contactLimit', 'must be a whole number of at least 1');
    } else {
      contactLimit = change.contactLimit ?? before.contactLimit;
      if (!tierFor(plan, contactLimit)) {
        const offered = (plan.contactTiers ?? []).map((t) => limits(t.upTo)).join(', ');
        if (change.contactLimit !== undefined) {
          problem(
            'changes.contactLimit',
            `must be one of the contact tiers of plan ${plan.name.en}: ${offered}`,
          );
        } else if (planChanged) {
          problem(
            'changes.plan',
            `plan ${plan.name.en} has no tier for the current contact limit ${String(contactLimit)}; choose one of ${offered} (changes.contactLimit)`,
          );
        } else {
          problem(
            'subscription.contactLimit',
            `${String(contactLimit)} is not a contact tier of plan ${plan.name.en}`,
          );
        }
      }
    }
  } else if (change.contactLimit !== undefined) {
    problem('changes.contactLimit', `${product.name.en} is priced per seat and has no contact limit`);
  }

  // Interval.
  let interval: BillingInterval = before.interval;
  if (change.interval !== undefined) {
    if (change.interval !== 'month' && change.interval !== 'year') {
      problem('changes.interval', 'must be "month" or "year"');
    } else {
      interval = change.interval;
    }
  }

  // Add-ons.
  const addOns = [...before.addOns];
  const toAdd = stringList(change.addOns?.add, 'changes.addOns.add', problem);
  const toRemove = stringList(change.addOns?.remove, 'changes.addOns.remove', problem);
  toAdd.forEach((addOnId, i) => {
    const field = `changes.addOns.add[${i}]`;
    const addOn = catalog.addOns[addOnId];
    if (!addOn) return problem(field, `unknown add-on "${addOnId}"`);
    const name = addOn.name.en;
    if (toAdd.indexOf(addOnId) !== i) return problem(field, `${name} is listed twice`);
    if (before.addOns.includes(addOnId)) return problem(field, `${name} is already part of the subscription`);
    if (toRemove.includes(addOnId))
      return problem(field, `${name} cannot be added and removed in the same request`);
    if (!plan.addOns.includes(addOnId))
      return problem(
        field,
        `${name} is not offered with plan ${plan.name.en}${offeredAddOns(catalog, plan)}`,
      );
    addOns.push(addOnId);
  });
  toRemove.forEach((addOnId, i) => {
    const field = `changes.addOns.remove[${i}]`;
    const name = catalog.addOns[addOnId]?.name.en ?? `"${addOnId}"`;
    if (toRemove.indexOf(addOnId) !== i) return problem(field, `${name} is listed twice`);
    if (!before.addOns.includes(addOnId)) return problem(field, `${name} is not part of the subscription`);
    addOns.splice(addOns.indexOf(addOnId), 1);
  });
  if (planChanged) {
    for (const kept of addOns) {
      if (!plan.addOns.includes(kept) && catalog.addOns[kept]) {
        problem(
          'changes.plan',
          `plan ${plan.name.en} does not include add-on ${catalog.addOns[kept].name.en}; remove it in the same request (changes.addOns.remove)`,
        );
      }
    }
  }

  const after: SubscriptionTerms = { ...before, plan: planId, seats, contactLimit, interval, addOns };
  const added =
    change.addProduct === undefined
      ? undefined
      : validateAddProduct(catalog, before, change.addProduct, subscribedProducts, problem);

  if (problems.length === 0 && !added && sameTerms(before, after)) {
    problem('changes', 'the requested change changes nothing: the subscription already has these terms');
  }
  return added ? { problems, after, added } : { problems, after };
}

function validateAddProduct(
  catalog: Catalog,
  before: SubscriptionTerms,
  request: NonNullable<ChangeSet['addProduct']>,
  subscribedProducts: readonly string[],
  problem: (field: string, message: string) => void,
): AddedProductSpec | undefined {
  const at = 'changes.addProduct';
  if (typeof request !== 'object' || request === null) {
    problem(at, 'expected an object {product, plan, seats?, trial?}');
    return undefined;
  }
  const productId = request.product;
  const product: CatalogProduct | undefined =
    typeof productId === 'string' && Object.hasOwn(catalog.products, productId)
      ? catalog.products[productId]
      : undefined;
  if (!product) {
    problem(
      `${at}.product`,
      `unknown product "${String(productId)}"; choose one of ${Object.keys(catalog.products).join(', ')}`,
    );
    return undefined;
  }
  let ok = true;
  if (productId === before.product || subscribedProducts.includes(productId)) {
    problem(`${at}.product`, `the account already subscribes to ${product.name.en}`);
    ok = false;
  }
  const plan: CatalogPlan | undefined =
    typeof request.plan === 'string' && Object.hasOwn(product.plans, request.plan)
      ? product.plans[request.plan]
      : undefined;
  if (!plan) {
    problem(
      `${at}.plan`,
      `unknown plan "${String(request.plan)}" for ${product.name.en}; choose one of ${Object.keys(product.plans).join(', ')}`,
    );
    return undefined;
  }
  const trial = request.trial === true;
  if (request.trial !== undefined && typeof request.trial !== 'boolean') {
    problem(`${at}.trial`, 'must be true or false');
    ok = false;
  }
  if (trial && product.trialDays === undefined) {
    problem(`${at}.trial`, `${product.name.en} has no free trial`);
    ok = false;
  }

  let seats = 1;
  let contactLimit: number | null = null;
  if (product.pricing === 'per_seat') {
    const range = plan.seats ?? { min: 1, max: Number.MAX_SAFE_INTEGER };
    if (request.seats !== undefined && !isCount(request.seats)) {
      problem(`${at}.seats`, 'must be a whole number of at least 1');
      ok = false;
    } else {
      // Without a seat count the plan's minimum is the natural start (the smallest thing one can buy).
      seats = request.seats ?? range.min;
      if (seats < range.min || seats > range.max) {
        problem(`${at}.seats`, `must be between ${range.min} and ${range.max} for plan ${plan.name.en}`);
        ok = false;
      }
    }
    if (request.contactLimit !== undefined) {
      problem(`${at}.contactLimit`, `${product.name.en} is priced per seat and has no contact limit`);
      ok = false;
    }
  } else {
    if (request.seats !== undefined) {
      problem(`${at}.seats`, `${product.name.en} is priced by contact limit, not per seat`);
      ok = false;
    }
    const tiers = plan.contactTiers ?? [];
    contactLimit = request.contactLimit ?? tiers[0]?.upTo ?? null;
    if (!tierFor(plan, contactLimit)) {
      problem(
        `${at}.contactLimit`,
        `must be one of the contact tiers of plan ${plan.name.en}: ${tiers.map((t) => limits(t.upTo)).join(', ')}`,
      );
      ok = false;
    }
  }
  if (!ok) return undefined;
  const spec: AddedProductSpec = { product: productId, plan: request.plan, seats, contactLimit, trial };
  if (trial && product.trialDays !== undefined) spec.trialDays = product.trialDays;
  return spec;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function stringList(
  value: unknown,
  field: string,
  problem: (field: string, message: string) => void,
): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problem(field, 'expected a list of add-on ids');
    return [];
  }
  return value.map((v: unknown, i) => {
    if (typeof v !== 'string') problem(`${field}[${i}]`, 'expected an add-on id');
    return String(v);
  });
}

function offeredAddOns(catalog: Catalog, plan: CatalogPlan): string {
  if (plan.addOns.length === 0) return ' (it has no add-ons)';
  return ` (it offers ${plan.addOns.map((a) => catalog.addOns[a]?.name.en ?? a).join(', ')})`;
}

function sameTerms(a: SubscriptionTerms, b: SubscriptionTerms): boolean {
  return (
    a.plan === b.plan &&
    a.seats === b.seats &&
    a.contactLimit === b.contactLimit &&
    a.interval === b.interval &&
    [...a.addOns].sort().join() === [...b.addOns].sort().join()
  );
}
