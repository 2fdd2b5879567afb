// The approval and status pages rendered on their own (the real stack is in approval-pages.test.ts):
// proration lines in the reader's language, and markup the strict Content-Security-Policy admits.
import { expect } from 'chai';
import { defaultCatalog } from '../../activities/pricing/index.js';
import type { Locale } from '../../activities/pricing/types.js';
import { approvalPage } from '../../client/http/pages/approval-page.js';
import { messagePage, resultPage } from '../../client/http/pages/message-pages.js';
import { statusPage } from '../../client/http/pages/status-page.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import { quoteOf } from '../texts/quotes.js';

const NBSP = '\u00a0';
const upgrade = quoteOf({ seats: 8, interval: 'year' });
const at = upgrade.at;

const view: RequestStatusView = {
  requestId: 'req_1',
  accountId: 'acme',
  state: 'pending_approval',
  open: true,
  requestedBy: { userId: 'adam', name: 'Adam <b>Admin</b>', role: 'admin' },
  changes: { seats: 8, interval: 'year' },
  note: 'Please </blockquote><script>alert(1)</script>',
  submittedAt: at,
  round: 1,
  route: 'approval',
  quote: upgrade,
  approvers: [{ userId: 'olivia', name: 'Olivia Owner', role: 'owner' }],
  expiresAt: '2025-03-23T00:00:00.000Z',
  timeline: [{ at, actor: 'adam', action: 'submitted', channel: 'api', state: 'pending_approval' }],
};

function pages(locale: Locale): string[] {
  return [
    approvalPage({ view, approverName: 'Olivia Owner', csrf: 'c', locale, catalog: defaultCatalog }),
    statusPage({ view, locale, catalog: defaultCatalog }),
  ];
}

describe('web: page rendering', () => {
  it('describes the proration lines in German on German pages', () => {
    for (const page of pages('de')) {
      expect(page).to.include(`Ungenutzte Zeit für 5 × Team à 99,00${NBSP}€ (monatlich)`);
      expect(page).to.include(`8 × Team à 990,00${NBSP}€ (jährlich), neuer Abrechnungszeitraum`);
      expect(page).to.not.match(/Unused time|billing period/);
      for (const line of upgrade.lines) expect(page).to.not.include(line.description);
    }
  });

  it('describes the proration lines in English on English pages', () => {
    for (const page of pages('en')) {
      expect(page).to.include('Unused time on 5 × Team at €99.00 (monthly)');
      expect(page).to.include('8 × Team at €990.00 (yearly), new billing period');
      expect(page).to.not.match(/Ungenutzte|Abrechnungszeitraum/);
    }
  });

  it('escapes what people wrote and uses no inline style or script the policy would block', () => {
    const all = [
      ...pages('de'),
      ...pages('en'),
      messagePage('neutral', 'de'),
      resultPage({ locale: 'en', decision: 'reject', supportReview: false, reason: '<i>no</i>' }),
    ];
    for (const page of all) {
      expect(page).to.not.match(/<script|<b>|<i>|\sstyle=|\son\w+=/i);
      expect(page.match(/<style>/g)).to.have.length(1);
    }
    expect(pages('en')[0]).to.include('Please &lt;/blockquote&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
