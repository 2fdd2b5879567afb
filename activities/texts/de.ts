// Every German text of the emails, the pages and the dev mailbox. The tone follows the help-centre
// articles our users know (Sie, "Tarif", "Benutzerlizenzen", "anteilig verrechnet"): polite and short.
import { listFormat } from '../pricing/intl-formats.js';
import type { Texts } from './types.js';

const list = (type: 'conjunction' | 'disjunction', names: string[]) =>
  listFormat('de', { style: 'long', type }).format(names);

export const de: Texts = {
  product: 'Produkt',
  plan: 'Tarif',
  seats: 'Benutzerlizenzen',
  contactLimit: 'Kontaktlimit',
  interval: 'Abrechnungsintervall',
  intervalName: { month: 'Monatlich', year: 'Jährlich' },
  addOns: 'Add-ons',
  none: 'keine',
  newProduct: 'Neues Produkt',
  seatCount: (n) => `${n} Benutzerlizenzen`,
  trialUntil: (date) => `kostenlose Testversion bis ${date}`,
  changesTitle: 'Was sich ändert',

  priceTitle: 'Preisvorschau',
  subtotal: 'Zwischensumme',
  tax: (rate) => `USt. (${rate})`,
  totalDue: 'Heute fälliger Gesamtbetrag',
  newRecurring: 'Neuer wiederkehrender Betrag',
  recurringPer: (amount, interval) =>
    `${amount} ${interval === 'year' ? 'pro Jahr' : 'pro Monat'} zzgl. USt.`,
  nextBillingDate: 'Nächstes Rechnungsdatum',
  period: (from, to) => `${from} – ${to}`,
  lines: {
    unusedTime: (item) => `Ungenutzte Zeit für ${item}`,
    remainingTime: (item) => `Restlaufzeit für ${item}`,
    newPeriod: (item) => `${item}, neuer Abrechnungszeitraum`,
    firstPeriod: (item) => `${item}, erster Abrechnungszeitraum`,
    taxOn: (rate, line) => `USt. ${rate} – ${line}`,
    item: (quantity, name, unitAmount, cadence) =>
      `${quantity} × ${name}${unitAmount ? ` à ${unitAmount}` : ''} (${cadence})`,
    cadence: { month: 'monatlich', year: 'jährlich' },
    contactTier: (plan, upTo) => `${plan} bis ${upTo} Kontakte`,
    addOn: (name) => `Add-on ${name}`,
  },

  noteBy: (requester) => `Begründung von ${requester}`,
  reason: 'Begründung',
  decidingAs: (name) => `Sie entscheiden als ${name}.`,
  decidingFor: (approver) => `Sie entscheiden in Vertretung von ${approver}.`,
  decidingOnBehalfOf: (name, approver) =>
    `Sie entscheiden als ${name}, in Vertretung von ${approver}, die oder der die Freigaben an Sie delegiert hat.`,
  listOr: (names) => list('disjunction', names),
  listAnd: (names) => list('conjunction', names),
  approvalsProgress: (given, needed) => `${given} von ${needed} Freigaben`,
  approvedSoFar: (names) => `Bisher freigegeben von ${names}.`,
  stillAsked: (names) => `Noch gefragt: ${names}.`,

  email: {
    greeting: (name) => `Guten Tag ${name},`,
    footerAutomated: (account) =>
      `Diese Nachricht wurde automatisch von Plangate für ${account} versendet. Bitte antworten Sie nicht darauf.`,
    footerReference: (id) => `Anfrage ${id}`,
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
      scheduled: 'Änderung geplant',
      watch: 'Neuigkeiten zu einer Änderungsanfrage',
    },

    effectiveNow: 'Die Änderung tritt mit der Genehmigung sofort in Kraft und wird anteilig verrechnet.',
    effectiveOn: (date) =>
      `Die Änderung tritt am ${date} zum Ende des aktuellen Abrechnungszeitraums in Kraft.`,
    purchaseTitle: 'Einzelheiten zu Ihrem Kauf',
    invoiceTitle: 'Abrechnung',
    totalCredit: 'Gutschrift für Ihr Konto',
    totalCharged: 'Berechneter Gesamtbetrag',
    invoiceNumber: 'Rechnungsnummer',

    approvalIntro: (requester, account) =>
      `${requester} bittet um eine Änderung des Abonnements von ${account}. Als Kontoinhaber oder Abrechnungsadministrator können Sie die Anfrage genehmigen oder ablehnen.`,
    reminderIntro: (requester, account) =>
      `Erinnerung: Die Anfrage von ${requester} zur Änderung des Abonnements von ${account} wartet noch auf Ihre Entscheidung.`,
    requoteIntro: (requester, account) =>
      `Das Abonnement von ${account} hat sich geändert, nachdem ${requester} diese Änderung angefragt hat. Der Preis wurde deshalb neu berechnet; bitte prüfen Sie ihn erneut.`,
    requoteOldLinks: 'Links aus früheren E-Mails zu dieser Anfrage funktionieren nicht mehr.',
    linkIsPersonal: 'Der Link ist persönlich – bitte leiten Sie diese E-Mail nicht weiter.',
    reviewButton: 'Prüfen und entscheiden',
    expiresOn: (date) => `Die Anfrage läuft am ${date} ab, wenn bis dahin niemand entscheidet.`,
    supportReviewFollows:
      'Nach der Genehmigung prüft unser Support-Team die Änderung, bevor sie wirksam wird.',
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
    comment: 'Kommentar',
    supportReviewIntro: (decider) =>
      `${decider ? `${decider} hat Ihre Anfrage genehmigt.` : 'Ihre Anfrage wurde genehmigt.'} Änderungen dieser Art prüft unser Support-Team, bevor sie wirksam werden. Sie erhalten eine E-Mail, sobald die Prüfung abgeschlossen ist.`,

    confirmationIntro: (account) =>
      `Das Abonnement von ${account} wurde geändert. Hier sind die Einzelheiten zu Ihrem Kauf.`,
    confirmationScheduledIntro: (account) =>
      `Die geplante Änderung am Abonnement von ${account} ist jetzt in Kraft. Hier sind die Einzelheiten.`,
    scheduledIntro: (date, account) =>
      `Die Änderung am Abonnement von ${account} ist genehmigt und für den ${date} geplant, das Ende des aktuellen Abrechnungszeitraums. Bis dahin ändert sich nichts und es wird nichts berechnet; ab dann gilt der unten genannte neue Preis.`,
    scheduledCancellable: 'Bis zu diesem Datum kann die Änderung noch zurückgezogen werden.',
    watchIntro: (account) =>
      `Sie verfolgen die Änderungsanfrage für ${account}. Dies ist ihr neuester Schritt.`,
    watchStep: (action, actor, state) => `${action} (${actor}). Stand jetzt: ${state}.`,
    watchCannotDecide: 'Sie werden über jeden Schritt informiert; über diese Anfrage entscheiden Sie nicht.',
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
  },

  page: {
    neutralTitle: 'Link nicht mehr gültig',
    neutralText: 'Dieser Link kann nicht mehr verwendet werden.',
    neutralHint:
      'Vielleicht wurde bereits entschieden, die Anfrage hat sich geändert oder der Link ist abgelaufen. Bitte sehen Sie in Ihren E-Mails nach einer neueren Nachricht mit einem aktuellen Link.',
    approvalTitle: 'Abonnementänderung freigeben',
    account: (id) => `Konto ${id}`,
    requestedBy: (name) => `Angefragt von ${name}`,
    before: 'Bisher',
    after: 'Neu',
    reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
    scheduledAt: (date) => `Die Änderung wird zum ${date} wirksam.`,
    supportReviewFollows: 'Nach Ihrer Freigabe prüft unser Support die Änderung, bevor sie wirksam wird.',
    paymentMethodRequired: 'Diese Änderung erhöht den Preis und erfordert eine hinterlegte Zahlungsmethode.',
    linkValidUntil: (date) => `Dieser Link ist gültig bis ${date}.`,
    reasonHint: 'Bei einer Ablehnung erforderlich, bei einer Freigabe optional.',
    approve: 'Freigeben',
    reject: 'Ablehnen',
    reasonRequired: 'Bitte geben Sie eine Begründung für die Ablehnung an. Es wurde nichts gespeichert.',
    reasonTooLong: 'Die Begründung darf höchstens 2000 Zeichen lang sein. Es wurde nichts gespeichert.',
    decisionInvalid: 'Bitte wählen Sie „Freigeben“ oder „Ablehnen“. Es wurde nichts gespeichert.',
    approvedTitle: 'Freigegeben',
    approvedApplying:
      'Freigegeben – die Änderung wird jetzt durchgeführt. Sie erhalten eine Bestätigung per E-Mail.',
    approvedSupportReview:
      'Freigegeben – unser Support prüft die Änderung noch, bevor sie durchgeführt wird.',
    approvalRecorded: (progress) =>
      `Ihre Freigabe ist gespeichert (${progress}). Die Änderung wird durchgeführt, sobald die übrigen Freigaben vorliegen.`,
    approvedApplied: 'Freigegeben – die Änderung ist durchgeführt. Sie erhalten eine Bestätigung per E-Mail.',
    approvedNextStage: (stage, progress) =>
      `Ihre Freigabe ist gespeichert. Die Anfrage wartet jetzt auf die Freigabestufe „${stage}“ (${progress}).`,
    followStatus: 'Den weiteren Verlauf auf der Statusseite verfolgen',
    approvalsTitle: 'Freigaben',
    approvedScheduled: (date) =>
      `Freigegeben – die Änderung tritt am ${date} zum Ende des Abrechnungszeitraums in Kraft. Bis dahin ändert sich nichts.`,
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
      scheduled: 'Geplant',
      applying: 'Wird durchgeführt',
      applied: 'Durchgeführt',
      rejected: 'Abgelehnt',
      cancelled: 'Zurückgezogen',
      expired: 'Abgelaufen',
      failed: 'Fehlgeschlagen',
    },
    submittedAt: 'Eingereicht am',
    asOf: (time) => `Stand: ${time}`,
    approvers: 'Entscheidet',
    timeline: 'Verlauf',
    decision: 'Entscheidung',
    decisionBy: (decision, name, date) =>
      `${decision === 'approve' ? 'Freigegeben' : 'Abgelehnt'} von ${name} am ${date}`,
    supportReview: 'Prüfung durch den Support',
    appliedInvoice: (id, total) => `Rechnung ${id} über ${total}`,
    failure: 'Fehler',
    timelineAction: {
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
      'changed directly': 'Direkt geändert (mit eigenen Abrechnungsrechten)',
      'scheduled change due': 'Geplante Änderung tritt in Kraft',
    },
    reminderSent: (n) => `Erinnerung ${n} gesendet`,
    system: 'Plangate',
    support: (name) => `Support (${name})`,
    withdrawTitle: 'Diese Anfrage zurückziehen',
    withdrawButton: 'Anfrage zurückziehen',
    cancelScheduledTitle: 'Geplante Änderung absagen',
    cancelScheduledButton: (date) => `Die für ${date} geplante Änderung absagen`,
    cancelReason: 'Grund (optional)',
    cancelledNotice: 'Abgesagt. Am Abonnement wurde nichts geändert.',
  },

  portal: {
    title: 'Ihr Abonnement',
    signedInAs: (account, name) => `${account} · angemeldet als ${name}`,
    back: 'Zurück zur Anwendung',
    currentTitle: 'Aktuelles Abonnement',
    changeTitle: 'Abonnement ändern',
    changeIntro: 'Ändern Sie, was Sie brauchen; die Vorschau zeigt den Preis, bevor etwas gesendet wird.',
    perSeat: (amount, interval) => `${amount} pro Platz und ${interval === 'year' ? 'Jahr' : 'Monat'}`,
    flat: (amount, interval) => `${amount} pro ${interval === 'year' ? 'Jahr' : 'Monat'}`,
    current: 'aktuell',
    seatsHint: (min, max) => `${min} bis ${max} Plätze mit diesem Tarif.`,
    contactTier: (upTo, price) => `bis ${upTo} Kontakte · ${price}`,
    addOnsHint: 'Angehakte Zusatzpakete gehören nach der Änderung zum Abonnement.',
    anotherProduct: 'Weiteres Produkt',
    noOtherProduct: 'Kein weiteres Produkt',
    productPlan: (product, plan, price) => `${product} ${plan} · ${price}`,
    newProductSeats: 'Plätze des weiteren Produkts',
    trial: 'Mit der kostenlosen Testphase beginnen (bei Produkten, die eine anbieten)',
    trialDays: (days) => `${days} Tage kostenlos testen`,
    note: 'Nachricht an die Freigebenden (optional)',
    noteHint: 'Warum Sie die Änderung brauchen; die Freigebenden sehen es in ihrer E-Mail.',
    preview: 'Vorschau',
    submitRequest: 'Anfrage senden',
    updateSubscription: 'Abonnement aktualisieren',
    liveHint: 'Die Vorschau folgt Ihren Änderungen.',
    nothingChanged: 'Noch ist nichts geändert: Ändern Sie oben mindestens eine Angabe.',
    previewHint: 'Drücken Sie „Vorschau“, um den Preis der Änderung zu sehen.',
    whatHappens: 'Wie es weitergeht',
    askApproval: (names) => `${names} wird per E-Mail um Freigabe gebeten.`,
    appliesDirectly:
      'Sie dürfen die Abrechnung selbst ändern: Die Änderung wird durchgeführt, sobald Sie sie bestätigen.',
    supportReview: 'Ein Downgrade prüft unser Support, bevor es wirksam wird.',
    paymentNeeded: 'Der Preis steigt: Vor der Änderung muss eine Zahlungsmethode hinterlegt sein.',
    paymentMissing:
      'Für dieses Konto ist noch keine Zahlungsmethode hinterlegt: Bitte fügen Sie zuerst in der Anwendung eine hinzu.',
    scheduled: (date) =>
      `Die Änderung wird am ${date} zum Ende des Abrechnungszeitraums wirksam; bis dahin ändert sich nichts.`,
    formProblem: 'Bitte prüfen Sie die markierten Felder. Es wurde nichts gesendet.',
    wholeNumber: 'muss eine ganze Zahl sein',
    unknownChoice: 'ist keine der angebotenen Möglichkeiten',
    noteTooLong: 'darf höchstens 2000 Zeichen lang sein',
    openTitle: 'Eine Anfrage ist offen',
    openText:
      'Es kann immer nur eine Änderungsanfrage offen sein. Eine weitere ist möglich, sobald diese erledigt oder zurückgezogen ist.',
    withdraw: 'Anfrage zurückziehen',
    withdrawHint: 'Zurückziehen beendet die Anfrage; es ändert sich nichts.',
    withdrawn: 'Die Anfrage wurde zurückgezogen.',
    withdrawFailed:
      'Die Anfrage konnte nicht zurückgezogen werden (vielleicht wurde gerade entschieden). Es wurde nichts geändert.',
    requestTitle: 'Ihre Änderungsanfrage',
    newRequest: 'Abonnement erneut ändern',
    showRequest: 'Anfrage anzeigen',
    lastRequest: (state) => `Letzte Änderungsanfrage des Kontos: ${state}.`,
    submitFailed:
      'Die Anfrage wurde nicht gesendet: Der Dienst hat nicht geantwortet. Bitte versuchen Sie es in einer Minute erneut.',
    forbidden: 'Mit Ihrer Rolle in diesem Konto können Sie keine Abonnementänderungen anfragen.',
  },

  devMailbox: {
    title: 'Entwicklungs-Postfach',
    empty: 'Noch keine Nachrichten.',
    to: 'An',
    from: 'Von',
    text: 'Textteil',
    links: 'Links',
  },
};
