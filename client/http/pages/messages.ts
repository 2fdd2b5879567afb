// Every text of the web pages, German and English, in one place so the two stay in step. Functions
// take already-formatted values; the page functions escape whatever they interpolate.
import type { BillingInterval, Locale } from '../../../activities/pricing/types.js';
import type { RequestState } from '../../../workflows/request-states.js';

export interface Messages {
  neutralTitle: string;
  neutralText: string;
  neutralHint: string;
  approvalTitle: string;
  account(accountId: string): string;
  requestedBy(name: string): string;
  requesterNote: string;
  whatIsAsked: string;
  before: string;
  after: string;
  plan: string;
  seats: string;
  contactLimit: string;
  interval: string;
  intervalName: Record<BillingInterval, string>;
  addOns: string;
  none: string;
  newProduct: string;
  trial(until: string): string;
  pricePreview: string;
  subtotal: string;
  tax(ratePercent: string): string;
  reverseCharge: string;
  totalDueNow: string;
  newRecurring: string;
  recurringPer(amount: string, interval: BillingInterval): string;
  nextBillingDate: string;
  scheduledAt(date: string): string;
  decidingAs(name: string): string;
  supportReviewFollows: string;
  paymentMethodRequired: string;
  linkValidUntil(date: string): string;
  reasonLabel: string;
  reasonHint: string;
  approve: string;
  reject: string;
  reasonRequired: string;
  reasonTooLong: string;
  decisionInvalid: string;
  approvedTitle: string;
  approvedApplying: string;
  approvedSupportReview: string;
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
  approvers: string;
  timeline: string;
  decision: string;
  decisionBy(decision: 'approve' | 'reject', name: string, date: string): string;
  supportReview: string;
  reason: string;
  appliedInvoice(invoiceId: string, total: string): string;
  failure: string;
  action(action: string): string;
  system: string;
  support(name: string): string;
}

const de: Messages = {
  neutralTitle: 'Link nicht mehr gültig',
  neutralText: 'Dieser Link kann nicht mehr verwendet werden.',
  neutralHint:
    'Vielleicht wurde bereits entschieden, die Anfrage hat sich geändert oder der Link ist abgelaufen. Bitte sehen Sie in Ihren E-Mails nach einer neueren Nachricht mit einem aktuellen Link.',
  approvalTitle: 'Abonnementänderung freigeben',
  account: (id) => `Konto ${id}`,
  requestedBy: (name) => `Angefragt von ${name}`,
  requesterNote: 'Notiz der anfragenden Person',
  whatIsAsked: 'Was sich ändert',
  before: 'Bisher',
  after: 'Neu',
  plan: 'Tarif',
  seats: 'Benutzerlizenzen',
  contactLimit: 'Kontaktlimit',
  interval: 'Abrechnungsintervall',
  intervalName: { month: 'Monatlich', year: 'Jährlich' },
  addOns: 'Add-ons',
  none: 'keine',
  newProduct: 'Neues Produkt',
  trial: (until) => `Kostenlose Testphase bis ${until}`,
  pricePreview: 'Preisvorschau',
  subtotal: 'Zwischensumme',
  tax: (rate) => `USt. (${rate} %)`,
  reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
  totalDueNow: 'Jetzt fällig',
  newRecurring: 'Neuer wiederkehrender Betrag',
  recurringPer: (amount, interval) =>
    `${amount} ${interval === 'year' ? 'pro Jahr' : 'pro Monat'} zzgl. USt.`,
  nextBillingDate: 'Nächstes Abrechnungsdatum',
  scheduledAt: (date) => `Die Änderung wird zum ${date} wirksam.`,
  decidingAs: (name) => `Sie entscheiden als ${name}.`,
  supportReviewFollows: 'Nach Ihrer Freigabe prüft unser Support die Änderung, bevor sie wirksam wird.',
  paymentMethodRequired: 'Diese Änderung erhöht den Preis und erfordert eine hinterlegte Zahlungsmethode.',
  linkValidUntil: (date) => `Dieser Link ist gültig bis ${date}.`,
  reasonLabel: 'Begründung',
  reasonHint: 'Bei einer Ablehnung erforderlich, bei einer Freigabe optional.',
  approve: 'Freigeben',
  reject: 'Ablehnen',
  reasonRequired: 'Bitte geben Sie eine Begründung für die Ablehnung an. Es wurde nichts gespeichert.',
  reasonTooLong: 'Die Begründung darf höchstens 2000 Zeichen lang sein. Es wurde nichts gespeichert.',
  decisionInvalid: 'Bitte wählen Sie „Freigeben“ oder „Ablehnen“. Es wurde nichts gespeichert.',
  approvedTitle: 'Freigegeben',
  approvedApplying:
    'Freigegeben – die Änderung wird jetzt durchgeführt. Sie erhalten eine Bestätigung per E-Mail.',
  approvedSupportReview: 'Freigegeben – unser Support prüft die Änderung noch, bevor sie durchgeführt wird.',
  rejectedTitle: 'Abgelehnt',
  rejectedText: 'Abgelehnt – die anfragende Person wird per E-Mail informiert.',
  yourReason: 'Ihre Begründung',
  paymentTitle: 'Zahlungsmethode erforderlich',
  paymentText:
    'Diese Änderung erhöht den Preis. Bitte hinterlegen Sie zuerst eine Zahlungsmethode für das Konto und öffnen Sie dann diesen Link erneut. Es wurde nichts gespeichert.',
  notRecordedTitle: 'Entscheidung nicht gespeichert',
  notRecordedText:
    'Ihre Entscheidung wurde NICHT gespeichert, weil der Dienst gerade nicht antwortet. Bitte versuchen Sie es in einer Minute erneut.',
  csrfTitle: 'Formular abgelaufen',
  csrfText:
    'Das Formular konnte nicht überprüft werden. Bitte öffnen Sie den Link aus Ihrer E-Mail erneut und verwenden Sie die Schaltflächen auf der Seite. Es wurde nichts gespeichert.',
  unavailableTitle: 'Vorübergehend nicht verfügbar',
  unavailableText: 'Der Dienst ist gerade nicht erreichbar. Bitte versuchen Sie es in einer Minute erneut.',
  tooManyTitle: 'Zu viele Anfragen',
  tooManyText: 'Bitte warten Sie einen Moment und versuchen Sie es dann erneut.',
  notFoundTitle: 'Nicht gefunden',
  notFoundText: 'Diese Seite gibt es nicht.',
  statusTitle: 'Status Ihrer Änderungsanfrage',
  state: 'Status',
  stateName: {
    preparing: 'Wird vorbereitet',
    invalid: 'Abgewiesen',
    pending_approval: 'Wartet auf Freigabe',
    pending_support_review: 'Wartet auf Prüfung durch den Support',
    applying: 'Wird durchgeführt',
    applied: 'Durchgeführt',
    rejected: 'Abgelehnt',
    cancelled: 'Zurückgezogen',
    expired: 'Abgelaufen',
    failed: 'Fehlgeschlagen',
  },
  submittedAt: 'Eingereicht am',
  approvers: 'Entscheidet',
  timeline: 'Verlauf',
  decision: 'Entscheidung',
  decisionBy: (decision, name, date) =>
    `${decision === 'approve' ? 'Freigegeben' : 'Abgelehnt'} von ${name} am ${date}`,
  supportReview: 'Prüfung durch den Support',
  reason: 'Begründung',
  appliedInvoice: (id, total) => `Rechnung ${id} über ${total}`,
  failure: 'Fehler',
  action: (action) => deActions[action] ?? reminder(action, 'de') ?? action,
  system: 'Plangate',
  support: (name) => `Support (${name})`,
};

const en: Messages = {
  neutralTitle: 'Link no longer valid',
  neutralText: 'This link can no longer be used.',
  neutralHint:
    'It may have been used already, the request may have changed, or the link may have expired. Please check your email for a newer message with a current link.',
  approvalTitle: 'Approve a subscription change',
  account: (id) => `Account ${id}`,
  requestedBy: (name) => `Requested by ${name}`,
  requesterNote: "Requester's note",
  whatIsAsked: 'What is asked',
  before: 'Before',
  after: 'After',
  plan: 'Plan',
  seats: 'Seats',
  contactLimit: 'Contact limit',
  interval: 'Billing interval',
  intervalName: { month: 'Monthly', year: 'Yearly' },
  addOns: 'Add-ons',
  none: 'none',
  newProduct: 'New product',
  trial: (until) => `Free trial until ${until}`,
  pricePreview: 'Price preview',
  subtotal: 'Subtotal',
  tax: (rate) => `VAT (${rate}%)`,
  reverseCharge: 'Reverse charge: VAT to be accounted for by the recipient',
  totalDueNow: 'Total due now',
  newRecurring: 'New recurring amount',
  recurringPer: (amount, interval) => `${amount} per ${interval === 'year' ? 'year' : 'month'}, excl. VAT`,
  nextBillingDate: 'Next billing date',
  scheduledAt: (date) => `The change takes effect on ${date}.`,
  decidingAs: (name) => `You are deciding as ${name}.`,
  supportReviewFollows: 'After your approval, our support team reviews the change before it takes effect.',
  paymentMethodRequired: 'This change raises the price and requires a payment method on file.',
  linkValidUntil: (date) => `This link works until ${date}.`,
  reasonLabel: 'Reason',
  reasonHint: 'Required to reject, optional to approve.',
  approve: 'Approve',
  reject: 'Reject',
  reasonRequired: 'Please give a reason for rejecting. Nothing was recorded.',
  reasonTooLong: 'The reason may be at most 2000 characters long. Nothing was recorded.',
  decisionInvalid: 'Please choose Approve or Reject. Nothing was recorded.',
  approvedTitle: 'Approved',
  approvedApplying: 'Approved — the change is being applied. You will get a confirmation by email.',
  approvedSupportReview: 'Approved — our support team reviews the change before it is applied.',
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
    applying: 'Being applied',
    applied: 'Applied',
    rejected: 'Rejected',
    cancelled: 'Withdrawn',
    expired: 'Expired',
    failed: 'Failed',
  },
  submittedAt: 'Submitted',
  approvers: 'Decided by',
  timeline: 'Timeline',
  decision: 'Decision',
  decisionBy: (decision, name, date) =>
    `${decision === 'approve' ? 'Approved' : 'Rejected'} by ${name} on ${date}`,
  supportReview: 'Support review',
  reason: 'Reason',
  appliedInvoice: (id, total) => `Invoice ${id} for ${total}`,
  failure: 'Error',
  action: (action) => enActions[action] ?? reminder(action, 'en') ?? action,
  system: 'Plangate',
  support: (name) => `Support (${name})`,
};

// The workflow's timeline actions (workflows/request-state.ts); unknown ones are shown as they are.
const deActions: Record<string, string> = {
  submitted: 'Eingereicht',
  quoted: 'Preis berechnet, Freigabe angefragt',
  requoted: 'Neu berechnet, Freigabe erneut angefragt',
  refused: 'Abgewiesen',
  approved: 'Freigegeben',
  rejected: 'Abgelehnt',
  'support approved': 'Vom Support freigegeben',
  'support rejected': 'Vom Support abgelehnt',
  cancelled: 'Zurückgezogen',
  expired: 'Abgelaufen',
  applied: 'Durchgeführt',
  'apply failed': 'Durchführung fehlgeschlagen',
  'emails resent': 'E-Mails erneut gesendet',
};

const enActions: Record<string, string> = {
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
};

function reminder(action: string, locale: Locale): string | undefined {
  const match = /^reminder (\d+) sent$/.exec(action);
  if (!match) return undefined;
  return locale === 'de' ? `Erinnerung ${match[1]} gesendet` : `Reminder ${match[1]} sent`;
}

const all: Record<Locale, Messages> = { de, en };

export function messagesFor(locale: Locale): Messages {
  return all[locale];
}
