// The shape of the text catalogue. Both languages implement this interface (de.ts, en.ts), so a text
// that is missing in one of them does not compile. Functions take values that are already formatted
// (money, dates, counts); whoever prints them into HTML does so through the html`` template.
import type { BillingInterval } from '../pricing/types.js';
import type { EmailKind } from '../store/types.js';
import type { RequestState } from '../../workflows/request-states.js';

export interface Texts {
  // ---- Shared by emails and pages: the subscription, the change, its price ----
  product: string;
  plan: string;
  seats: string;
  contactLimit: string;
  interval: string;
  intervalName: Record<BillingInterval, string>;
  addOns: string;
  none: string;
  newProduct: string;
  seatCount(n: string): string;
  trialUntil(date: string): string;
  changesTitle: string;

  priceTitle: string;
  subtotal: string;
  tax(rate: string): string;
  totalDue: string;
  newRecurring: string;
  recurringPer(amount: string, interval: BillingInterval): string;
  nextBillingDate: string;
  period(from: string, to: string): string;
  /** Proration and invoice lines, described from their structured fields (line-descriptions.ts). */
  lines: LineTexts;

  /** Label of the requester's note ("Reason given by Adam Admin"). */
  noteBy(requester: string): string;
  /** Label of a decision's reason. */
  reason: string;
  decidingAs(name: string): string;
  decidingOnBehalfOf(name: string, approver: string): string;
  /** A delegate's approval page: they decide for this approver. */
  decidingFor(approver: string): string;
  listOr(names: string[]): string;
  listAnd(names: string[]): string;
  /** "1 of 2 approvals" */
  approvalsProgress(given: string, needed: string): string;
  approvedSoFar(names: string): string;
  stillAsked(names: string): string;

  email: EmailTexts;
  page: PageTexts;
  portal: PortalTexts;
  devMailbox: DevMailboxTexts;
}

export interface LineTexts {
  /** Credit for the unused time of an item the change replaces or removes. */
  unusedTime(item: string): string;
  /** Charge for the rest of the current period (the billing date stays). */
  remainingTime(item: string): string;
  /** Charge for a whole new period (an interval change starts one today). */
  newPeriod(item: string): string;
  /** Charge for the first period of a product added by the request. */
  firstPeriod(item: string): string;
  taxOn(rate: string, line: string): string;
  /** "5 × Team at €99.00 (monthly)"; `unitAmount` is absent when the line does not carry it. */
  item(quantity: string, name: string, unitAmount: string | undefined, cadence: string): string;
  cadence: Record<BillingInterval, string>;
  /** The plan of a product priced by contact tiers, with its tier. */
  contactTier(plan: string, upTo: string): string;
  addOn(name: string): string;
}

/** What only emails say. */
export interface EmailTexts {
  greeting(name: string): string;
  footerAutomated(account: string): string;
  footerReference(requestId: string): string;
  subject: Record<EmailKind, string>;

  effectiveNow: string;
  effectiveOn(date: string): string;
  purchaseTitle: string;
  invoiceTitle: string;
  totalCredit: string;
  totalCharged: string;
  invoiceNumber: string;

  approvalIntro(requester: string, account: string): string;
  reminderIntro(requester: string, account: string): string;
  requoteIntro(requester: string, account: string): string;
  requoteOldLinks: string;
  /** Follows `decidingAs` in the mail that carries the personal link. */
  linkIsPersonal: string;
  reviewButton: string;
  expiresOn(date: string): string;
  supportReviewFollows: string;
  paymentMethodRequired: string;

  receiptIntro(account: string): string;
  whoDecides(names: string): string;
  whoDecidesUnknown: string;
  statusButton: string;
  approvedIntro(decider: string | undefined): string;
  rejectedIntro(decider: string | undefined, account: string): string;
  rejectedAfter: string;
  /** Label of an approver's comment on an approval. */
  comment: string;
  supportReviewIntro(decider: string | undefined): string;

  confirmationIntro(account: string): string;
  /** The confirmation of a change that was scheduled: it is in effect now. */
  confirmationScheduledIntro(account: string): string;
  scheduledIntro(date: string, account: string): string;
  scheduledCancellable: string;
  watchIntro(account: string): string;
  /** The latest step of a watched request: what happened, by whom, and where it stands. */
  watchStep(action: string, actor: string, state: string): string;
  watchCannotDecide: string;
  approvedBy(name: string): string;
  assignSeats(count: string): string;

  expiredIntro(requester: string | null, account: string): string;
  cancelledIntro(by: string | null, account: string): string;
  unchangedLinksDead: string;
  newRequestAnytime: string;
  applyFailedIntro(account: string): string;
  applyFailedAfter: string;
}

/** What only the approval, status and message pages say. */
export interface PageTexts {
  neutralTitle: string;
  neutralText: string;
  neutralHint: string;
  approvalTitle: string;
  account(accountId: string): string;
  requestedBy(name: string): string;
  before: string;
  after: string;
  reverseCharge: string;
  scheduledAt(date: string): string;
  supportReviewFollows: string;
  paymentMethodRequired: string;
  linkValidUntil(date: string): string;
  reasonHint: string;
  approve: string;
  reject: string;
  reasonRequired: string;
  reasonTooLong: string;
  decisionInvalid: string;
  approvedTitle: string;
  approvedApplying: string;
  approvedSupportReview: string;
  approvedScheduled(date: string): string;
  /** Approved, but more approvals are needed before anything happens. */
  approvalRecorded(progress: string): string;
  /** The change was applied by the time the page was rendered. */
  approvedApplied: string;
  /** The approval completed a stage; the request waits in the next one. */
  approvedNextStage(stage: string, progress: string): string;
  /** The link on the page after a decision to the request's status page. */
  followStatus: string;
  approvalsTitle: string;
  rejectedTitle: string;
  rejectedText: string;
  yourReason: string;
  paymentTitle: string;
  paymentText: string;
  notRecordedTitle: string;
  notRecordedText: string;
  csrfTitle: string;
  csrfText: string;
  unavailableTitle: string;
  unavailableText: string;
  tooManyTitle: string;
  tooManyText: string;
  notFoundTitle: string;
  notFoundText: string;
  statusTitle: string;
  state: string;
  stateName: Record<RequestState, string>;
  submittedAt: string;
  /** How fresh a page read from the store's record is (it needs no worker). */
  asOf(time: string): string;
  approvers: string;
  timeline: string;
  decision: string;
  decisionBy(decision: 'approve' | 'reject', name: string, date: string): string;
  supportReview: string;
  appliedInvoice(invoiceId: string, total: string): string;
  failure: string;
  /** The workflow's timeline actions (workflows/request-state.ts); an unknown one is shown as it is. */
  timelineAction: Record<string, string>;
  reminderSent(n: string): string;
  system: string;
  support(name: string): string;
  /** The status page's cancel form: the requester withdraws, anyone who may calls off a scheduled change. */
  withdrawTitle: string;
  withdrawButton: string;
  cancelScheduledTitle: string;
  cancelScheduledButton(date: string): string;
  cancelReason: string;
  cancelledNotice: string;
}

/** The requester portal (/portal/{session}): the form, its preview and the request it opened. */
export interface PortalTexts {
  title: string;
  /** "Acme GmbH · signed in as Adam Admin" */
  signedInAs(account: string, name: string): string;
  back: string;
  currentTitle: string;
  changeTitle: string;
  changeIntro: string;
  /** A plan's price: "€99.00 per seat per month". */
  perSeat(amount: string, interval: BillingInterval): string;
  /** A flat price: "€49.00 per month". */
  flat(amount: string, interval: BillingInterval): string;
  /** Marks the option the subscription has now. */
  current: string;
  seatsHint(min: string, max: string): string;
  contactTier(upTo: string, price: string): string;
  addOnsHint: string;
  anotherProduct: string;
  noOtherProduct: string;
  productPlan(product: string, plan: string, price: string): string;
  newProductSeats: string;
  trial: string;
  /** In another product's option: "30-day free trial". */
  trialDays(days: string): string;
  note: string;
  noteHint: string;
  preview: string;
  submitRequest: string;
  updateSubscription: string;
  liveHint: string;
  nothingChanged: string;
  previewHint: string;
  whatHappens: string;
  askApproval(names: string): string;
  appliesDirectly: string;
  supportReview: string;
  paymentNeeded: string;
  paymentMissing: string;
  scheduled(date: string): string;
  formProblem: string;
  wholeNumber: string;
  unknownChoice: string;
  noteTooLong: string;
  openTitle: string;
  openText: string;
  withdraw: string;
  withdrawHint: string;
  withdrawn: string;
  withdrawFailed: string;
  requestTitle: string;
  newRequest: string;
  showRequest: string;
  lastRequest(state: string): string;
  submitFailed: string;
  forbidden: string;
}

/** The /dev/mail page of the development stack. */
export interface DevMailboxTexts {
  title: string;
  empty: string;
  to: string;
  from: string;
  text: string;
  links: string;
}
