import { expect } from 'chai';
import { renderEmail } from '../../activities/mailer/templates/render-email.js';
import type { EmailKind } from '../../activities/store/types.js';
import type { Locale, Quote } from '../../activities/pricing/types.js';
import { adam, bill, intervalOnlyQuote, olivia, sampleModel, sampleQuote } from './fixtures.js';

const NBSP = '\u00a0';
const ALL_KINDS: EmailKind[] = [
  'approval_request',
  'receipt',
  'reminder',
  'approved',
  'rejected',
  'support_review',
  'confirmation',
  'expired',
  'cancelled',
  'requote',
  'apply_failed',
];
const PRICED_KINDS: EmailKind[] = ['approval_request', 'receipt', 'reminder', 'requote', 'confirmation'];
const LOCALES: Locale[] = ['de', 'en'];
const recipientFor = (locale: Locale) => (locale === 'de' ? olivia : bill);

/** Amounts of the fixture quote as a reader sees them (spelled out here, not computed). */
const money = {
  de: {
    charge: `1.234,58${NBSP}€`,
    credit: `-255,48${NBSP}€`,
    subtotal: `979,10${NBSP}€`,
    tax: `186,03${NBSP}€`,
    total: `1.165,13${NBSP}€`,
    recurring: `2.441,00${NBSP}€`,
  },
  en: {
    charge: '€1,234.58',
    credit: '-€255.48',
    subtotal: '€979.10',
    tax: '€186.03',
    total: '€1,165.13',
    recurring: '€2,441.00',
  },
};

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('email templates', () => {
  for (const locale of LOCALES) {
    for (const kind of ALL_KINDS) {
      it(`${kind} (${locale}) has a subject, a text part and a complete HTML part`, () => {
        const mail = renderEmail(kind, sampleModel({ recipient: recipientFor(locale) }));
        expect(mail.subject).to.include('Acme GmbH');
        expect(mail.subject).to.not.match(/[\r\n]/);
        expect(mail.text.length).to.be.greaterThan(100);
        expect(mail.html).to.match(/^<!DOCTYPE html>/);
        expect(mail.html).to.include(`<html lang="${locale}">`);
        expect(mail.html).to.include('</html>');
        expect(mail.text).to.include('req_01HZX5');
        // No external assets or stylesheets: inline styles only.
        expect(mail.html).to.not.match(/<(link|script|img)\b/i);
        expect(mail.html).to.not.include('<style');
      });
    }
  }

  it('writes each kind in the recipient language', () => {
    const subjects = {
      de: ALL_KINDS.map((kind) => renderEmail(kind, sampleModel({ recipient: olivia })).subject),
      en: ALL_KINDS.map((kind) => renderEmail(kind, sampleModel({ recipient: bill })).subject),
    };
    expect(subjects.de[0]).to.equal(
      'Freigabe erforderlich: Acme GmbH — Team → Professional, 5 → 8 Benutzerlizenzen',
    );
    expect(subjects.en[0]).to.equal('Approval needed: Acme GmbH — Team → Professional, 5 → 8 seats');
    // Every kind has its own subject, and no German subject equals an English one.
    expect(new Set(subjects.de).size).to.equal(ALL_KINDS.length);
    expect(new Set(subjects.en).size).to.equal(ALL_KINDS.length);
    subjects.de.forEach((s, i) => expect(s).to.not.equal(subjects.en[i]));
    expect(renderEmail('approval_request', sampleModel({ recipient: olivia })).text).to.include(
      'Guten Tag Olivia Owner,',
    );
    expect(renderEmail('approval_request', sampleModel({ recipient: bill })).text).to.include(
      'Hello Bill Billing,',
    );
  });

  for (const locale of LOCALES) {
    for (const kind of PRICED_KINDS) {
      it(`${kind} (${locale}) shows the prices, formatted for the locale, in both parts`, () => {
        const mail = renderEmail(kind, sampleModel({ recipient: recipientFor(locale) }));
        for (const amount of Object.values(money[locale])) {
          expect(mail.text, amount).to.include(amount);
          expect(mail.html, amount).to.include(amount);
        }
        const other = locale === 'de' ? money.en : money.de;
        expect(mail.text).to.not.include(other.total);
        expect(mail.text).to.include(locale === 'de' ? '1. April 2025' : '1 April 2025');
      });
    }
  }

  it('approval_request: who asks and why, the change, as whom you decide, one personal link, the expiry', () => {
    const de = renderEmail('approval_request', sampleModel({ recipient: olivia }));
    expect(de.text).to.include('Adam Admin bittet um eine Änderung des Abonnements von Acme GmbH');
    expect(de.text).to.include('We hire three new agents in April.');
    expect(de.text).to.include('Tarif: Team → Professional');
    expect(de.text).to.include('Benutzerlizenzen: 5 → 8');
    expect(de.text).to.include('Sie entscheiden als Olivia Owner.');
    expect(de.text).to.include('Prüfen und entscheiden');
    expect(de.text).to.include('23. März 2025');
    expect(de.text).to.include(`Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`);
    const en = renderEmail('approval_request', sampleModel({ recipient: bill }));
    expect(en.text).to.include('You are deciding as Bill Billing.');
    expect(en.html).to.include('Review and decide');
    for (const mail of [de, en]) {
      expect(count(mail.html, 'href=')).to.equal(1);
      expect(count(mail.html, 'href="https://plangate.test/approve/abc.def"')).to.equal(1);
      expect(count(mail.text, 'https://')).to.equal(1);
    }
  });

  it('describes each proration line in the recipient language, in both parts, never in English for German', () => {
    for (const kind of ['approval_request', 'receipt', 'confirmation'] as const) {
      const de = renderEmail(kind, sampleModel({ recipient: olivia }));
      for (const part of [de.text, de.html]) {
        expect(part, kind).to.include(`Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`);
        expect(part, kind).to.include(`Restlaufzeit für 8 × Professional à 299,00${NBSP}€ (monatlich)`);
        expect(part, kind).to.not.match(/Unused time|Remaining time/);
      }
      const en = renderEmail(kind, sampleModel({ recipient: bill }));
      for (const part of [en.text, en.html]) {
        expect(part, kind).to.include('Unused time on 5 × Team at €99.00 (monthly)');
        expect(part, kind).to.include('Remaining time on 8 × Professional at €299.00 (monthly)');
        expect(part, kind).to.not.match(/Ungenutzte|Restlaufzeit/);
      }
      // The pricing module's English description is for the CLI and the API, not for the mails.
      for (const line of sampleQuote.lines) expect(en.text, kind).to.not.include(line.description);
    }
  });

  it('approval_request: support review and payment method notes appear only when they apply', () => {
    const plain = renderEmail('approval_request', sampleModel({ recipient: bill, quote: intervalOnlyQuote }));
    expect(plain.text).to.not.include('support team');
    expect(plain.text).to.not.include('payment method');
    const review: Quote = { ...sampleQuote, route: 'approval_then_support_review' };
    const both = renderEmail('approval_request', sampleModel({ recipient: bill, quote: review }));
    expect(both.text).to.include('our support team reviews the change');
    expect(both.text).to.include('a payment method must be on file');
    const de = renderEmail('approval_request', sampleModel({ recipient: olivia, quote: review }));
    expect(de.text).to.include('prüft unser Support-Team');
    expect(de.text).to.include('Zahlungsmethode');
  });

  it('escapes everything interpolated into HTML, and keeps the text part verbatim', () => {
    const evil = '<script>alert("x")</script> & <b>bold</b>';
    const model = sampleModel({
      recipient: bill,
      note: evil,
      accountName: 'Acme <img src=x onerror=alert(1)> GmbH',
      requester: { userId: 'adam', name: 'Adam "><svg onload=alert(1)>' },
      reason: '</td></tr><script>alert(2)</script>',
    });
    for (const kind of ALL_KINDS) {
      const mail = renderEmail(kind, model);
      expect(mail.html, kind).to.not.match(/<script|<img|<svg|<b>/i);
    }
    const mail = renderEmail('approval_request', model);
    expect(mail.html).to.include(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;',
    );
    expect(mail.text).to.include(evil);
    const rejected = renderEmail('rejected', model);
    expect(rejected.html).to.include('&lt;/td&gt;&lt;/tr&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
  });

  it('never turns a non-web URL into a link', () => {
    const mail = renderEmail(
      'approval_request',
      sampleModel({ recipient: bill, approvalUrl: 'javascript:alert(1)' }),
    );
    expect(mail.html).to.not.include('href=');
  });

  it('keeps the subject on one line', () => {
    const mail = renderEmail(
      'receipt',
      sampleModel({ recipient: adam, accountName: 'Acme\r\nBcc: x@evil.test' }),
    );
    expect(mail.subject).to.not.match(/[\r\n]/);
  });

  it('confirmation: purchase details, invoice, and the seat reminder only when seats were added', () => {
    const de = renderEmail('confirmation', sampleModel({ recipient: olivia }));
    expect(de.text).to.include('Rechnungsnummer: INV-2025-0042');
    expect(de.text).to.include('Tarif: Professional');
    expect(de.text).to.include('Benutzerlizenzen: 8');
    expect(de.text).to.include('Add-ons: Analytics');
    expect(de.text).to.include('Sie haben 3 Benutzerlizenzen hinzugefügt');
    expect(de.text).to.include('Ihren Benutzern zuzuweisen');
    const en = renderEmail('confirmation', sampleModel({ recipient: bill }));
    expect(en.text).to.include("You added 3 seats. Don't forget to assign them to your users");
    expect(en.html).to.include('assign them to your users');

    const noSeats = renderEmail('confirmation', sampleModel({ recipient: bill, quote: intervalOnlyQuote }));
    expect(noSeats.text).to.not.include('assign');
    expect(noSeats.text).to.include('Billing interval: Yearly');
    const fewer: Quote = { ...sampleQuote, after: { ...sampleQuote.after, seats: 3 } };
    expect(renderEmail('confirmation', sampleModel({ recipient: bill, quote: fewer })).text).to.not.include(
      'assign',
    );

    const newProduct: Quote = {
      ...intervalOnlyQuote,
      kinds: ['new_product'],
      addedSubscription: {
        product: 'desk',
        plan: 'starter',
        seats: 2,
        trial: true,
        trialEndsAt: '2025-03-30T00:00:00.000Z',
        items: [],
        terms: { ...intervalOnlyQuote.after, product: 'desk', plan: 'starter', seats: 2 },
      },
    };
    const added = renderEmail('confirmation', sampleModel({ recipient: bill, quote: newProduct }));
    expect(added.text).to.include('You added 2 seats');
    expect(added.text).to.include('New product: Desk Starter, 2 seats, free trial until 30 March 2025');
    // Seats are only a purchase reminder: the approval mail does not carry it.
    expect(renderEmail('approval_request', sampleModel({ recipient: bill })).text).to.not.include('assign');
  });

  it('receipt names who decides; rejected carries the reason; requote says old links are dead', () => {
    const receipt = renderEmail('receipt', sampleModel({ recipient: { ...adam, locale: 'de' } }));
    expect(receipt.text).to.include('Darüber entscheidet Olivia Owner oder Bill Billing.');
    expect(receipt.text).to.include('https://plangate.test/status/ghi.jkl');
    expect(receipt.text).to.not.include('/approve/');
    const rejected = renderEmail('rejected', sampleModel({ recipient: adam }));
    expect(rejected.text).to.include('Olivia Owner rejected your request');
    expect(rejected.text).to.include('Budget approved in Q1.');
    const requote = renderEmail('requote', sampleModel({ recipient: bill }));
    expect(requote.text).to.include('no longer work');
    expect(requote.text).to.include('/approve/abc.def');
  });

  it('cancelled and expired speak to the requester as "you"', () => {
    const requesterView = sampleModel({ recipient: adam, decidedBy: { userId: 'adam', name: adam.name } });
    expect(renderEmail('cancelled', requesterView).text).to.include('You withdrew your request');
    const approverView = sampleModel({ recipient: bill, decidedBy: { userId: 'adam', name: adam.name } });
    expect(renderEmail('cancelled', approverView).text).to.include('Adam Admin withdrew the request');
    expect(renderEmail('expired', sampleModel({ recipient: adam })).text).to.include('on your request');
    expect(renderEmail('expired', sampleModel({ recipient: bill })).text).to.include(
      "on Adam Admin's request",
    );
  });

  it('uses the catalog names in the recipient language when given', () => {
    const catalog = {
      products: {
        suite: {
          name: { de: 'Suite', en: 'Suite' },
          pricing: 'per_seat' as const,
          plans: {
            team: { name: { de: 'Team', en: 'Team' }, rank: 1, addOns: [] },
            professional: { name: { de: 'Profi', en: 'Pro' }, rank: 2, addOns: [] },
          },
        },
      },
      addOns: { analytics: { name: { de: 'Auswertungen', en: 'Reports' }, perSeat: false, prices: {} } },
    };
    const de = renderEmail('approval_request', sampleModel({ recipient: olivia, catalog }));
    expect(de.subject).to.include('Team → Profi');
    expect(de.text).to.include('Add-ons: Auswertungen');
    const en = renderEmail('approval_request', sampleModel({ recipient: bill, catalog }));
    expect(en.subject).to.include('Team → Pro,');
  });
});
