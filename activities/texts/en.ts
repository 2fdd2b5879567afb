// Every English text of the emails, the pages and the dev mailbox (British spelling of dates and
// numbers comes from format.ts, not from here).
import { listFormat } from '../pricing/intl-formats.js';
import type { Texts } from './types.js';

const list = (type: 'conjunction' | 'disjunction', names: string[]) =>
  listFormat('en', { style: 'long', type }).format(names);

/** "Unused time on …" inside "VAT 19% on unused time on …". */
const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export const en: Texts = {
  product: 'Product',
  plan: 'Plan',
  seats: 'Seats',
  contactLimit: 'Contact limit',
  interval: 'Billing interval',
  intervalName: { month: 'Monthly', year: 'Yearly' },
  addOns: 'Add-ons',
  none: 'none',
  newProduct: 'New product',
  seatCount: (n) => `${n} seats`,
  trialUntil: (date) => `free trial until ${date}`,
  changesTitle: 'What changes',

  priceTitle: 'Price preview',
  subtotal: 'Subtotal',
  tax: (rate) => `VAT (${rate})`,
  totalDue: 'Total due now',
  newRecurring: 'New recurring amount',
  recurringPer: (amount, interval) => `${amount} per ${interval === 'year' ? 'year' : 'month'}, excl. VAT`,
  nextBillingDate: 'Next billing date',
  period: (from, to) => `${from} – ${to}`,
  lines: {
    unusedTime: (item) => `Unused time on ${item}`,
    remainingTime: (item) => `Remaining time on ${item}`,
    newPeriod: (item) => `${item}, new billing period`,
    firstPeriod: (item) => `${item}, first billing period`,
    taxOn: (rate, line) => `VAT ${rate} on ${lowerFirst(line)}`,
    item: (quantity, name, unitAmount, cadence) =>
      `${quantity} × ${name}${unitAmount ? ` at ${unitAmount}` : ''} (${cadence})`,
    cadence: { month: 'monthly', year: 'yearly' },
    contactTier: (plan, upTo) => `${plan} up to ${upTo} contacts`,
    addOn: (name) => `${name} add-on`,
  },

  noteBy: (requester) => `Reason given by ${requester}`,
  reason: 'Reason',
  decidingAs: (name) => `You are deciding as ${name}.`,
  decidingFor: (approver) => `You are deciding on behalf of ${approver}.`,
  decidingOnBehalfOf: (name, approver) =>
    `You are deciding as ${name}, on behalf of ${approver} (who delegated their approvals to you).`,
  listOr: (names) => list('disjunction', names),
  listAnd: (names) => list('conjunction', names),
  approvalsProgress: (given, needed) => `${given} of ${needed} approvals`,
  approvedSoFar: (names) => `Approved so far by ${names}.`,
  stillAsked: (names) => `Still asked: ${names}.`,

  email: {
    greeting: (name) => `Hello ${name},`,
    footerAutomated: (account) =>
      `This message was sent automatically by Plangate for ${account}. Please do not reply to it.`,
    footerReference: (id) => `Request ${id}`,
    subject: {
      approval_request: 'Approval needed',
      receipt: 'Request received',
      reminder: 'Reminder: approval needed',
      approved: 'Approved',
      rejected: 'Rejected',
      support_review: 'Approved, support review next',
      confirmation: 'Subscription changed',
      expired: 'Request expired',
      cancelled: 'Request withdrawn',
      requote: 'New price, approval needed again',
      apply_failed: 'Change could not be applied',
      scheduled: 'Change scheduled',
      watch: 'Update on a change request',
    },

    effectiveNow: 'The change takes effect immediately on approval and is prorated.',
    effectiveOn: (date) => `The change takes effect on ${date}, at the end of the current billing period.`,
    purchaseTitle: 'Your purchase',
    invoiceTitle: 'Billing',
    totalCredit: 'Credit to your account',
    totalCharged: 'Total charged',
    invoiceNumber: 'Invoice number',

    approvalIntro: (requester, account) =>
      `${requester} asks to change the subscription of ${account}. As the account owner or a billing admin, you can approve or reject the request.`,
    reminderIntro: (requester, account) =>
      `Reminder: ${requester}'s request to change the subscription of ${account} is still waiting for your decision.`,
    requoteIntro: (requester, account) =>
      `The subscription of ${account} changed after ${requester} asked for this change, so the price has been recalculated. Please review it again.`,
    requoteOldLinks: 'Links in earlier emails about this request no longer work.',
    linkIsPersonal: 'The link is personal: please do not forward this email.',
    reviewButton: 'Review and decide',
    expiresOn: (date) => `The request expires on ${date} if nobody decides by then.`,
    supportReviewFollows: 'After approval, our support team reviews the change before it takes effect.',
    paymentMethodRequired:
      'This change raises the price: a payment method must be on file before it can be approved.',

    receiptIntro: (account) =>
      `Your request to change the subscription of ${account} has been sent for approval.`,
    whoDecides: (names) => `${names} will decide. You will get an email as soon as there is a decision.`,
    whoDecidesUnknown:
      'The account owner or a billing admin will decide. You will get an email as soon as there is a decision.',
    statusButton: 'View status',
    approvedIntro: (decider) =>
      `${decider ? `${decider} approved your request.` : 'Your request was approved.'} The change is being applied; you will then get a confirmation with the details of your purchase.`,
    rejectedIntro: (decider, account) =>
      decider
        ? `${decider} rejected your request to change the subscription of ${account}.`
        : `Your request to change the subscription of ${account} was rejected.`,
    rejectedAfter: 'The subscription stays as it is. You can submit a new request at any time.',
    comment: 'Comment',
    supportReviewIntro: (decider) =>
      `${decider ? `${decider} approved your request.` : 'Your request was approved.'} Changes of this kind are reviewed by our support team before they take effect. You will get an email when the review is done.`,

    confirmationIntro: (account) =>
      `The subscription of ${account} has been changed. Here are the details of your purchase.`,
    confirmationScheduledIntro: (account) =>
      `The scheduled change to the subscription of ${account} is now in effect. Here are the details.`,
    scheduledIntro: (date, account) =>
      `The change to the subscription of ${account} is approved and scheduled for ${date}, the end of the current billing period. Until then nothing changes and nothing is charged; from then on the new price below applies.`,
    scheduledCancellable: 'Until that date the change can still be cancelled.',
    watchIntro: (account) => `You are watching the change request for ${account}. This is its latest step.`,
    watchStep: (action, actor, state) => `${action} (${actor}). It is now: ${state}.`,
    watchCannotDecide: 'You are told of each step; you do not decide on this request.',
    approvedBy: (name) => `Approved by ${name}.`,
    assignSeats: (count) =>
      `You added ${count} seats. Don't forget to assign them to your users so that they can sign in.`,

    expiredIntro: (requester, account) =>
      requester
        ? `Nobody decided on ${requester}'s request to change the subscription of ${account} in time, so it has expired.`
        : `Nobody decided on your request to change the subscription of ${account} in time, so it has expired.`,
    cancelledIntro: (by, account) =>
      by
        ? `${by} withdrew the request to change the subscription of ${account}.`
        : `You withdrew your request to change the subscription of ${account}.`,
    unchangedLinksDead: 'The subscription stays as it is. The approval links no longer work.',
    newRequestAnytime: 'You can submit a new request at any time.',
    applyFailedIntro: (account) =>
      `The approved change to the subscription of ${account} could not be applied. Nothing was charged and the subscription stays as it is.`,
    applyFailedAfter: 'Our support team has been told and will get in touch.',
  },

  page: {
    neutralTitle: 'Link no longer valid',
    neutralText: 'This link can no longer be used.',
    neutralHint:
      'It may have been used already, the request may have changed, or the link may have expired. Please check your email for a newer message with a current link.',
    approvalTitle: 'Approve a subscription change',
    account: (id) => `Account ${id}`,
    requestedBy: (name) => `Requested by ${name}`,
    before: 'Before',
    after: 'After',
    reverseCharge: 'Reverse charge: VAT to be accounted for by the recipient',
    scheduledAt: (date) => `The change takes effect on ${date}.`,
    supportReviewFollows: 'After your approval, our support team reviews the change before it takes effect.',
    paymentMethodRequired: 'This change raises the price and requires a payment method on file.',
    linkValidUntil: (date) => `This link works until ${date}.`,
    reasonHint: 'Required to reject, optional to approve.',
    approve: 'Approve',
    reject: 'Reject',
    reasonRequired: 'Please give a reason for rejecting. Nothing was recorded.',
    reasonTooLong: 'The reason may be at most 2000 characters long. Nothing was recorded.',
    decisionInvalid: 'Please choose Approve or Reject. Nothing was recorded.',
    approvedTitle: 'Approved',
    approvedApplying: 'Approved — the change is being applied. You will get a confirmation by email.',
    approvedSupportReview: 'Approved — our support team reviews the change before it is applied.',
    approvalRecorded: (progress) =>
      `Your approval is recorded (${progress}). The change goes ahead once the other approvals are in.`,
    approvedApplied: 'Approved — the change is applied. You will get a confirmation by email.',
    approvedNextStage: (stage, progress) =>
      `Your approval is recorded. The request now waits for the approval stage “${stage}” (${progress}).`,
    followStatus: 'Follow the request on its status page',
    approvalsTitle: 'Approvals',
    approvedScheduled: (date) =>
      `Approved — the change takes effect on ${date}, at the end of the billing period. Until then nothing changes.`,
    rejectedTitle: 'Rejected',
    rejectedText: 'Rejected — the requester will be told by email.',
    yourReason: 'Your reason',
    paymentTitle: 'Payment method required',
    paymentText:
      'This change raises the price. Please add a payment method to the account first, then open this link again. Nothing was recorded.',
    notRecordedTitle: 'Decision not recorded',
    notRecordedText:
      'Your decision was NOT recorded because the service is not answering right now. Please try again in a minute.',
    csrfTitle: 'Form expired',
    csrfText:
      'The form could not be verified. Please open the link from your email again and use the buttons on the page. Nothing was recorded.',
    unavailableTitle: 'Temporarily unavailable',
    unavailableText: 'The service cannot be reached right now. Please try again in a minute.',
    tooManyTitle: 'Too many requests',
    tooManyText: 'Please wait a moment, then try again.',
    notFoundTitle: 'Not found',
    notFoundText: 'There is no such page.',
    statusTitle: 'Status of your change request',
    state: 'Status',
    stateName: {
      preparing: 'Being prepared',
      invalid: 'Refused',
      pending_approval: 'Waiting for approval',
      pending_support_review: 'Waiting for support review',
      scheduled: 'Scheduled',
      applying: 'Being applied',
      applied: 'Applied',
      rejected: 'Rejected',
      cancelled: 'Withdrawn',
      expired: 'Expired',
      failed: 'Failed',
    },
    submittedAt: 'Submitted',
    asOf: (time) => `As of ${time}`,
    approvers: 'Decided by',
    timeline: 'Timeline',
    decision: 'Decision',
    decisionBy: (decision, name, date) =>
      `${decision === 'approve' ? 'Approved' : 'Rejected'} by ${name} on ${date}`,
    supportReview: 'Support review',
    appliedInvoice: (id, total) => `Invoice ${id} for ${total}`,
    failure: 'Error',
    timelineAction: {
      submitted: 'Submitted',
      quoted: 'Priced, approval requested',
      requoted: 'Re-priced, approval requested again',
      refused: 'Refused',
      approved: 'Approved',
      rejected: 'Rejected',
      'support approved': 'Approved by support',
      'support rejected': 'Rejected by support',
      cancelled: 'Withdrawn',
      expired: 'Expired',
      applied: 'Applied',
      'apply failed': 'Applying failed',
      'emails resent': 'Emails sent again',
      'changed directly': 'Changed directly, with their own billing rights',
      'scheduled change due': 'Scheduled change taking effect',
    },
    reminderSent: (n) => `Reminder ${n} sent`,
    system: 'Plangate',
    support: (name) => `Support (${name})`,
    withdrawTitle: 'Withdraw this request',
    withdrawButton: 'Withdraw request',
    cancelScheduledTitle: 'Cancel the scheduled change',
    cancelScheduledButton: (date) => `Cancel the change scheduled for ${date}`,
    cancelReason: 'Reason (optional)',
    cancelledNotice: 'Cancelled. Nothing was changed on the subscription.',
  },

  portal: {
    title: 'Your subscription',
    signedInAs: (account, name) => `${account} · signed in as ${name}`,
    back: 'Back to the app',
    currentTitle: 'Current subscription',
    changeTitle: 'Change your subscription',
    changeIntro: 'Change what you need; the preview shows the price before anything is sent.',
    perSeat: (amount, interval) => `${amount} per seat per ${interval === 'year' ? 'year' : 'month'}`,
    flat: (amount, interval) => `${amount} per ${interval === 'year' ? 'year' : 'month'}`,
    current: 'current',
    seatsHint: (min, max) => `${min} to ${max} seats with this plan.`,
    contactTier: (upTo, price) => `up to ${upTo} contacts · ${price}`,
    addOnsHint: 'Ticked add-ons are part of the subscription after the change.',
    anotherProduct: 'Another product',
    noOtherProduct: 'No other product',
    productPlan: (product, plan, price) => `${product} ${plan} · ${price}`,
    newProductSeats: 'Seats of the other product',
    trial: 'Start with the free trial (products that offer one)',
    trialDays: (days) => `${days}-day free trial`,
    note: 'Note for the approvers (optional)',
    noteHint: 'Why you need the change; the approvers see it in their email.',
    preview: 'Preview',
    submitRequest: 'Submit request',
    updateSubscription: 'Update subscription',
    liveHint: 'The preview follows your changes.',
    nothingChanged: 'Nothing is changed yet: change at least one thing above.',
    previewHint: 'Press “Preview” to see the price of the change.',
    whatHappens: 'What happens next',
    askApproval: (names) => `${names} will be asked to approve the change by email.`,
    appliesDirectly: 'You may change the billing yourself: the change is made as soon as you confirm it.',
    supportReview: 'A downgrade is reviewed by our support team before it takes effect.',
    paymentNeeded: 'The price goes up: a payment method must be on file before the change can be made.',
    paymentMissing: 'No payment method is on file for this account yet: add one in the app first.',
    scheduled: (date) =>
      `The change takes effect on ${date}, at the end of the billing period; nothing changes before.`,
    formProblem: 'Please check the marked fields. Nothing was sent.',
    wholeNumber: 'must be a whole number',
    unknownChoice: 'is not one of the choices offered',
    noteTooLong: 'must be at most 2000 characters',
    openTitle: 'A request is open',
    openText:
      'Only one change request can be open at a time. You can ask for another once this one is done or withdrawn.',
    withdraw: 'Withdraw request',
    withdrawHint: 'Withdrawing ends the request; nothing changes.',
    withdrawn: 'The request was withdrawn.',
    withdrawFailed:
      'The request could not be withdrawn (it may just have been decided). Nothing was changed.',
    requestTitle: 'Your change request',
    newRequest: 'Change the subscription again',
    showRequest: 'Show request',
    lastRequest: (state) => `The account's last change request: ${state}.`,
    submitFailed: 'The request was not sent: the service did not answer. Please try again in a minute.',
    forbidden: 'Your role in this account cannot ask for subscription changes.',
  },

  devMailbox: {
    title: 'Development mailbox',
    empty: 'No messages yet.',
    to: 'To',
    from: 'From',
    text: 'Text part',
    links: 'Links',
  },
};
