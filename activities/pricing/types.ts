// The pricing contract. `prorate` follows docs/pricing.md exactly; `quote` builds on it.
// Everything here is plain data (JSON-serialisable) because quotes travel through Temporal payloads.

export type Interval = 'month' | 'quarter' | 'year';
/** The intervals a customer can choose in a change request. */
export type BillingInterval = 'month' | 'year';
export type Locale = 'de' | 'en';

export interface Item {
  itemId: string;
  priceId: string;
  unitAmountMinor: number;
  quantity: number;
  /** Optional human name for line descriptions ("Team (monthly)"); prorate falls back to priceId. */
  label?: string;
}

export interface Line {
  kind: 'credit' | 'charge' | 'tax';
  itemId: string;
  /** Negative for credits (and for the tax on a credit), positive for charges. */
  amountMinor: number;
  quantity?: number;
  unitAmountMinor?: number;
  servicePeriodStart: string;
  servicePeriodEnd: string;
  description: string;
}

export interface ProrationPolicy {
  anchor?: 'keep' | 'reset';
  timeBasis?: 'second' | 'day';
  timing?: 'immediate' | 'period_end';
}

export interface ProrateInput {
  currency: string;
  nextCurrency?: string;
  interval: Interval;
  nextInterval?: Interval;
  periodStart: string;
  periodEnd: string;
  at: string;
  current: Item[];
  next: Item[];
  policy?: ProrationPolicy;
  tax?: { rateBps: number };
}

export interface ProrateResult {
  lines: Line[];
  netMinor: number;
  newPeriodStart: string;
  newPeriodEnd: string;
  scheduledChangeAt?: string;
}

/** The subscription as pricing sees it (the store's Subscription satisfies it). */
export interface SubscriptionTerms {
  product: string;
  plan: string;
  seats: number;
  /** Only for products priced by contact tiers; null otherwise. */
  contactLimit: number | null;
  addOns: string[];
  interval: BillingInterval;
  currency: string;
  status: 'active' | 'trialing';
  periodStart: string;
  periodEnd: string;
}

export interface QuotedSubscription extends SubscriptionTerms {
  subscriptionId: string;
  version: number;
}

/** What a requester may ask for (docs/http-api.md, "Submit": `changes`). */
export interface ChangeSet {
  plan?: string;
  seats?: number;
  contactLimit?: number;
  interval?: BillingInterval;
  addOns?: { add?: string[]; remove?: string[] };
  /**
   * contactLimit: for products priced by contact tiers (the lowest tier of the plan when absent).
   * Not accepted by the HTTP change-set schema yet; quote() handles it when a caller passes it.
   */
  addProduct?: { product: string; plan: string; seats?: number; contactLimit?: number; trial?: boolean };
}

export type ChangeKind =
  | 'upgrade'
  | 'downgrade'
  | 'seat_increase'
  | 'seat_reduction'
  | 'contact_limit_increase'
  | 'contact_limit_decrease'
  | 'interval_change'
  | 'add_on_added'
  | 'add_on_removed'
  | 'new_product'
  | 'trial';

/**
 * `approval`: owner/billing admin decides. `approval_then_support_review`: support reviews after
 * that. `direct`: the requester is an owner or billing admin, whose submission is the decision
 * (`direct_then_support_review`: support still reviews a downgrade).
 */
export type Route = 'approval' | 'approval_then_support_review' | 'direct' | 'direct_then_support_review';

export interface QuotePolicy {
  /**
   * Plan-tier downgrades and contact-limit decreases: take effect now (prorated) or at the end of
   * the period. Default immediate.
   */
  downgradeTiming: 'immediate' | 'period_end';
  /** Which changes go to support review after the owner's approval. Defaults: both true. */
  supportReview: { planDowngrade: boolean; contactLimitDecrease: boolean };
  timeBasis: 'second' | 'day';
}

/** Who is billed, for tax. */
export interface TaxCustomer {
  country: string;
  vatId: string | null;
}

export interface TaxDecision {
  country: string;
  rateBps: number;
  reverseCharge: boolean;
  /** Localised note for invoices and emails when reverse charge applies. */
  note?: string;
}

export interface QuoteInput {
  catalog: Catalog;
  customer: TaxCustomer;
  subscription: QuotedSubscription;
  change: ChangeSet;
  /** ISO 8601 UTC instant the change is priced at. */
  at: string;
  policy?: Partial<QuotePolicy>;
  /** Products the account already subscribes to besides `subscription` (for addProduct checks). */
  subscribedProducts?: string[];
}

export interface AddedSubscriptionQuote {
  product: string;
  plan: string;
  seats: number;
  trial: boolean;
  /** When the trial ends (trial only). */
  trialEndsAt?: string;
  items: Item[];
  terms: SubscriptionTerms;
  /** Recurring price per interval of the new subscription, before tax (charged after a trial ends). */
  recurringMinor?: number;
}

export interface Quote {
  at: string;
  currency: string;
  subscriptionId: string;
  /** The subscription version this quote was computed from: the stale check compares against it. */
  subscriptionVersion: number;
  kinds: ChangeKind[];
  route: Route;
  before: SubscriptionTerms;
  after: SubscriptionTerms;
  currentItems: Item[];
  nextItems: Item[];
  addedSubscription?: AddedSubscriptionQuote;
  /** Credits, charges and their tax lines, as `prorate` returns them (plus any new-product charges). */
  lines: Line[];
  /** Sum of credit and charge lines (before tax). */
  subtotalMinor: number;
  taxMinor: number;
  /** subtotalMinor + taxMinor: what is charged now (negative = credit balance). */
  totalMinor: number;
  tax: TaxDecision;
  /** Recurring price per interval, before tax, before and after the change. */
  recurringBeforeMinor: number;
  recurringAfterMinor: number;
  newPeriodStart: string;
  newPeriodEnd: string;
  /** The next date the customer is billed (for a scheduled change: the date it takes effect). */
  nextBillingDate: string;
  /** A change for the period end: when it takes effect. Nothing changes (and nothing is owed) before. */
  scheduledChangeAt?: string;
  /** A scheduled change's first period at the new terms ends here: the billing date after the change. */
  scheduledPeriodEnd?: string;
  /** True when the price goes up: approval needs a payment method on file. */
  paymentMethodRequired: boolean;
  /** One short human line per change, English, for logs and the timeline (UI texts are localised separately). */
  summary: string[];
}

export interface LocalisedText {
  de: string;
  en: string;
}

/** The validated catalog (the zod schema in catalog.ts is the source of truth; this is its shape). */
export interface Catalog {
  products: Record<string, CatalogProduct>;
  addOns: Record<string, CatalogAddOn>;
  tax: CatalogTax;
}

export interface CatalogProduct {
  name: LocalisedText;
  pricing: 'per_seat' | 'contact_tiers';
  /** Free trial length for this product when added as another product; absent = no trial. */
  trialDays?: number;
  plans: Record<string, CatalogPlan>;
}

export interface CatalogPlan {
  name: LocalisedText;
  /** Higher rank = higher tier; a lower rank is a downgrade. */
  rank: number;
  /** per_seat products: seat range of the plan. */
  seats?: { min: number; max: number };
  /** per_seat: price per seat per interval, by currency: prices.EUR.month. */
  prices?: Record<string, Record<BillingInterval, number>>;
  /** contact_tiers: one price per contact-limit tier. */
  contactTiers?: Array<{ upTo: number; prices: Record<string, Record<BillingInterval, number>> }>;
  /** Add-ons that may be bought with this plan. */
  addOns: string[];
}

export interface CatalogAddOn {
  name: LocalisedText;
  /** Flat price per interval by currency, or per seat when perSeat is true. */
  perSeat: boolean;
  prices: Record<string, Record<BillingInterval, number>>;
}

export interface CatalogTax {
  /** VAT rate in basis points by ISO country code (DE: 1900). */
  vatRatesBps: Record<string, number>;
  /** EU member states: business customers with a VAT ID in another member state pay no VAT (reverse charge). */
  euCountries: string[];
  /** The seller's country: reverse charge never applies to domestic customers. */
  sellerCountry: string;
}
