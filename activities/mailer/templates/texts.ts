// Every sentence of every email, in German and English. The German follows the help-centre tone
// our users know (Sie, "Tarif", "Benutzerlizenzen", "anteilig verrechnet"): polite and short.
import type { BillingInterval, Locale } from '../../pricing/types.js';

export interface Texts {
  greeting(name: string): string;
  footerAutomated(account: string): string;
  footerReference(requestId: string): string;
  listOr(names: string[]): string;
  listAnd(names: string[]): string;

  subject: {
    approval_request: string;
    receipt: string;
    reminder: string;
    approved: string;
    rejected: string;
    support_review: string;
    confirmation: string;
    expired: string;
    cancelled: string;
    requote: string;
    apply_failed: string;
  };

  // Change table
  changesTitle: string;
  product: string;
  plan: string;
  seats: string;
  contactLimit: string;
  interval: string;
  addOns: string;
  none: string;
  newProduct: string;
  intervalName: Record<BillingInterval, string>;
  seatCount(n: string): string;
  trialUntil(date: string): string;
  effectiveNow: string;
  effectiveOn(date: string): string;

  // Price preview and purchase details
  priceTitle: string;
  purchaseTitle: string;
  invoiceTitle: string;
  subtotal: string;
  tax(rate: string): string;
  totalDue: string;
  totalCredit: string;
  totalCharged: string;
  newRecurring: string;
  recurringPer(amount: string, interval: BillingInterval): string;
  nextBillingDate: string;
  invoiceNumber: string;
  period(from: string, to: string): string;

  // Approval mails
  approvalIntro(requester: string, account: string): string;
  reminderIntro(requester: string, account: string): string;
  requoteIntro(requester: string, account: string): string;
  requoteOldLinks: string;
  noteLabel(requester: string): string;
  decidingAs(name: string): string;
  reviewButton: string;
  expiresOn(date: string): string;
  supportReviewFollows: string;
  paymentMethodRequired: string;

  // Requester mails
  receiptIntro(account: string): string;
  whoDecides(names: string): string;
  whoDecidesUnknown: string;
  statusButton: string;
  approvedIntro(decider: string | undefined): string;
  rejectedIntro(decider: string | undefined, account: string): string;
  rejectedAfter: string;
  reasonLabel: string;
  commentLabel: string;
  supportReviewIntro(decider: string | undefined): string;

  // Confirmation
  confirmationIntro(account: string): string;
  approvedBy(name: string): string;
  assignSeats(count: string): string;

  // Notices
  expiredIntro(requester: string | null, account: string): string;
  cancelledIntro(by: string | null, account: string): string;
  unchangedLinksDead: string;
  newRequestAnytime: string;
  applyFailedIntro(account: string): string;
  applyFailedAfter: string;
}

function list(locale: string, type: 'conjunction' | 'disjunction', names: string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type }).format(names);
}

const de: Texts = {
  greeting: (name) => `Guten Tag ${name},`,
  footerAutomated: (account) =>
    `Diese Nachricht wurde automatisch von Plangate für ${account} versendet. Bitte antworten Sie nicht darauf.`,
  footerReference: (id) => `Anfrage ${id}`,
  listOr: (names) => list('de', 'disjunction', names),
  listAnd: (names) => list('de', 'conjunction', names),

  subject: {
    approval_request: 'Freigabe erforderlich',
    receipt: 'Anfrage eingegangen',
    reminder: 'Erinnerung: Freigabe erforderlich',
    approved: 'Genehmigt',
    rejected: 'Abgelehnt',
    support_review: 'Genehmigt, Prüfung durch den Support folgt',
    confirmation: 'Abonnement geändert',
    expired: 'Anfrage abgelaufen',
    cancelled: 'Anfrage zurückgezogen',
    requote: 'Neuer Preis, erneute Freigabe erforderlich',
    apply_failed: 'Änderung konnte nicht durchgeführt werden',
  },

  changesTitle: 'Was sich ändert',
  product: 'Produkt',
  plan: 'Tarif',
  seats: 'Benutzerlizenzen',
  contactLimit: 'Kontaktlimit',
  interval: 'Abrechnungsintervall',
  addOns: 'Add-ons',
  none: 'keine',
  newProduct: 'Neues Produkt',
  intervalName: { month: 'Monatlich', year: 'Jährlich' },
  seatCount: (n) => `${n} Benutzerlizenzen`,
  trialUntil: (date) => `kostenlose Testversion bis ${date}`,
  effectiveNow: 'Die Änderung tritt mit der Genehmigung sofort in Kraft und wird anteilig verrechnet.',
  effectiveOn: (date) =>
    `Die Änderung tritt am ${date} zum Ende des aktuellen Abrechnungszeitraums in Kraft.`,

  priceTitle: 'Preisvorschau',
  purchaseTitle: 'Einzelheiten zu Ihrem Kauf',
  invoiceTitle: 'Abrechnung',
  subtotal: 'Zwischensumme',
  tax: (rate) => `USt. (${rate})`,
  totalDue: 'Heute fälliger Gesamtbetrag',
  totalCredit: 'Gutschrift für Ihr Konto',
  totalCharged: 'Berechneter Gesamtbetrag',
  newRecurring: 'Neuer Preis',
  recurringPer: (amount, interval) =>
    `${amount} ${interval === 'year' ? 'pro Jahr' : 'pro Monat'} zzgl. USt.`,
  nextBillingDate: 'Nächstes Rechnungsdatum',
  invoiceNumber: 'Rechnungsnummer',
  period: (from, to) => `${from} – ${to}`,

  approvalIntro: (requester, account) =>
    `${requester} bittet um eine Änderung des Abonnements von ${account}. Als Kontoinhaber oder Abrechnungsadministrator können Sie die Anfrage genehmigen oder ablehnen.`,
  reminderIntro: (requester, account) =>
    `Erinnerung: Die Anfrage von ${requester} zur Änderung des Abonnements von ${account} wartet noch auf Ihre Entscheidung.`,
  requoteIntro: (requester, account) =>
    `Das Abonnement von ${account} hat sich geändert, nachdem ${requester} diese Änderung angefragt hat. Der Preis wurde deshalb neu berechnet; bitte prüfen Sie ihn erneut.`,
  requoteOldLinks: 'Links aus früheren E-Mails zu dieser Anfrage funktionieren nicht mehr.',
  noteLabel: (requester) => `Begründung von ${requester}:`,
  decidingAs: (name) =>
    `Sie entscheiden als ${name}. Der Link ist persönlich – bitte leiten Sie diese E-Mail nicht weiter.`,
  reviewButton: 'Prüfen und entscheiden',
  expiresOn: (date) => `Die Anfrage läuft am ${date} ab, wenn bis dahin niemand entscheidet.`,
  supportReviewFollows: 'Nach der Genehmigung prüft unser Support-Team die Änderung, bevor sie wirksam wird.',
  paymentMethodRequired:
    'Diese Änderung erhöht den Preis: Vor der Genehmigung muss eine Zahlungsmethode hinterlegt sein.',

  receiptIntro: (account) =>
    `Ihre Anfrage zur Änderung des Abonnements von ${account} wurde zur Genehmigung weitergeleitet.`,
  whoDecides: (names) =>
    `Darüber entscheidet ${names}. Sie erhalten eine E-Mail, sobald eine Entscheidung vorliegt.`,
  whoDecidesUnknown:
    'Darüber entscheidet der Kontoinhaber oder ein Abrechnungsadministrator. Sie erhalten eine E-Mail, sobald eine Entscheidung vorliegt.',
  statusButton: 'Status ansehen',
  approvedIntro: (decider) =>
    `${decider ? `${decider} hat Ihre Anfrage genehmigt.` : 'Ihre Anfrage wurde genehmigt.'} Die Änderung wird jetzt durchgeführt; anschließend erhalten Sie eine Bestätigung mit den Einzelheiten zu Ihrem Kauf.`,
  rejectedIntro: (decider, account) =>
    decider
      ? `${decider} hat Ihre Anfrage zur Änderung des Abonnements von ${account} abgelehnt.`
      : `Ihre Anfrage zur Änderung des Abonnements von ${account} wurde abgelehnt.`,
  rejectedAfter: 'Das Abonnement bleibt unverändert. Sie können jederzeit eine neue Anfrage stellen.',
  reasonLabel: 'Begründung:',
  commentLabel: 'Kommentar:',
  supportReviewIntro: (decider) =>
    `${decider ? `${decider} hat Ihre Anfrage genehmigt.` : 'Ihre Anfrage wurde genehmigt.'} Änderungen dieser Art prüft unser Support-Team, bevor sie wirksam werden. Sie erhalten eine E-Mail, sobald die Prüfung abgeschlossen ist.`,

  confirmationIntro: (account) =>
    `Das Abonnement von ${account} wurde geändert. Hier sind die Einzelheiten zu Ihrem Kauf.`,
  approvedBy: (name) => `Genehmigt von ${name}.`,
  assignSeats: (count) =>
    `Sie haben ${count} Benutzerlizenzen hinzugefügt. Vergessen Sie nicht, diese Ihren Benutzern zuzuweisen, damit diese sich anmelden können.`,

  expiredIntro: (requester, account) =>
    requester
      ? `Über die Anfrage von ${requester} zur Änderung des Abonnements von ${account} wurde nicht rechtzeitig entschieden; sie ist abgelaufen.`
      : `Über Ihre Anfrage zur Änderung des Abonnements von ${account} wurde nicht rechtzeitig entschieden; sie ist abgelaufen.`,
  cancelledIntro: (by, account) =>
    by
      ? `${by} hat die Anfrage zur Änderung des Abonnements von ${account} zurückgezogen.`
      : `Sie haben Ihre Anfrage zur Änderung des Abonnements von ${account} zurückgezogen.`,
  unchangedLinksDead: 'Das Abonnement bleibt unverändert. Die Links zur Freigabe funktionieren nicht mehr.',
  newRequestAnytime: 'Sie können jederzeit eine neue Anfrage stellen.',
  applyFailedIntro: (account) =>
    `Die genehmigte Änderung des Abonnements von ${account} konnte nicht durchgeführt werden. Es wurde nichts berechnet, das Abonnement bleibt unverändert.`,
  applyFailedAfter: 'Unser Support-Team ist informiert und meldet sich bei Ihnen.',
};

const en: Texts = {
  greeting: (name) => `Hello ${name},`,
  footerAutomated: (account) =>
    `This message was sent automatically by Plangate for ${account}. Please do not reply to it.`,
  footerReference: (id) => `Request ${id}`,
  listOr: (names) => list('en', 'disjunction', names),
  listAnd: (names) => list('en', 'conjunction', names),

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
  },

  changesTitle: 'What changes',
  product: 'Product',
  plan: 'Plan',
  seats: 'Seats',
  contactLimit: 'Contact limit',
  interval: 'Billing interval',
  addOns: 'Add-ons',
  none: 'none',
  newProduct: 'New product',
  intervalName: { month: 'Monthly', year: 'Yearly' },
  seatCount: (n) => `${n} seats`,
  trialUntil: (date) => `free trial until ${date}`,
  effectiveNow: 'The change takes effect immediately on approval and is prorated.',
  effectiveOn: (date) => `The change takes effect on ${date}, at the end of the current billing period.`,

  priceTitle: 'Price preview',
  purchaseTitle: 'Your purchase',
  invoiceTitle: 'Billing',
  subtotal: 'Subtotal',
  tax: (rate) => `VAT (${rate})`,
  totalDue: 'Total due now',
  totalCredit: 'Credit to your account',
  totalCharged: 'Total charged',
  newRecurring: 'New price',
  recurringPer: (amount, interval) => `${amount} per ${interval === 'year' ? 'year' : 'month'}, excl. VAT`,
  nextBillingDate: 'Next billing date',
  invoiceNumber: 'Invoice number',
  period: (from, to) => `${from} – ${to}`,

  approvalIntro: (requester, account) =>
    `${requester} asks to change the subscription of ${account}. As the account owner or a billing admin, you can approve or reject the request.`,
  reminderIntro: (requester, account) =>
    `Reminder: ${requester}'s request to change the subscription of ${account} is still waiting for your decision.`,
  requoteIntro: (requester, account) =>
    `The subscription of ${account} changed after ${requester} asked for this change, so the price has been recalculated. Please review it again.`,
  requoteOldLinks: 'Links in earlier emails about this request no longer work.',
  noteLabel: (requester) => `Reason given by ${requester}:`,
  decidingAs: (name) =>
    `You are deciding as ${name}. The link is personal: please do not forward this email.`,
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
  reasonLabel: 'Reason:',
  commentLabel: 'Comment:',
  supportReviewIntro: (decider) =>
    `${decider ? `${decider} approved your request.` : 'Your request was approved.'} Changes of this kind are reviewed by our support team before they take effect. You will get an email when the review is done.`,

  confirmationIntro: (account) =>
    `The subscription of ${account} has been changed. Here are the details of your purchase.`,
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
};

const texts: Record<Locale, Texts> = { de, en };

/** Unknown locales fall back to English rather than failing a send. */
export function textsFor(locale: Locale): Texts {
  return texts[locale] ?? en;
}
