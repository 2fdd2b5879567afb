// End to end with real parts and Debian's Chromium: a request submitted over the API, the approval
// mail over SMTP, its link opened and clicked in a real browser, the change applied in the store,
// the confirmation mail. Screenshots of the pages and mails go to test-artifacts/web/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium, PHONE } from '../setup/chromium.js';
import { formatMoney } from '../../activities/pricing/index.js';
import { waitForRequestState } from '../setup/stack.js';
import { pageLink, startWebStack, waitForMail, type WebStack } from './web-stack.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'web');

describe('web: end to end in Chromium', function () {
  this.timeout(180_000);
  let w: WebStack;
  let browser: Browser;

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    w = await startWebStack({ web: { pageRateLimit: { max: 10_000, timeWindowMs: 60_000 } } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await w?.stop();
  });

  async function fitsTheScreen(context: BrowserContext, url: string, shot: string): Promise<string> {
    const page = await context.newPage();
    const response = await page.goto(url);
    expect(response?.status()).to.equal(200);
    // A string expression: this project compiles without the DOM typings.
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    expect(overflow, `${shot} scrolls sideways`).to.be.at.most(0);
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
    const text = await page.locator('body').innerText();
    await page.close();
    return text;
  }

  it('approves a seat increase from the email link; the store, the invoice and the confirmation follow', async () => {
    const accepted = await w.submit('acme', {
      requestedBy: 'adam',
      changes: { seats: 8 },
      note: 'Three new colleagues start on Monday <3',
    });
    const quote = accepted.quote;
    const billMail = await waitForMail(w.stack, accepted.requestId, 'approval_request', 'bill@acme.example');
    const oliviaMail = await waitForMail(
      w.stack,
      accepted.requestId,
      'approval_request',
      'olivia@acme.example',
    );
    const billLink = pageLink(billMail, 'approve');
    const oliviaLink = pageLink(oliviaMail, 'approve');
    expect(billLink.startsWith(`${w.url}/approve/`)).to.equal(true);

    // Olivia reads German (her locale); phone and desktop. Reading changes nothing.
    const phone = await browser.newContext(PHONE);
    const german = await fitsTheScreen(phone, oliviaLink, 'approval-de-phone.png');
    expect(german).to.include('Sie entscheiden als Olivia Owner');
    expect(german).to.include(formatMoney(quote.totalMinor, quote.currency, 'de'));
    expect(german).to.include('Three new colleagues start on Monday <3');
    const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await fitsTheScreen(desktop, oliviaLink, 'approval-de.png');
    await fitsTheScreen(phone, billLink, 'approval-en-phone.png');
    await phone.close();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(billLink);
    const text = await page.locator('body').innerText();
    expect(text).to.include('You are deciding as Bill Billing');
    expect(text).to.include(formatMoney(quote.totalMinor, quote.currency, 'en'));
    expect(text).to.include('Total due now');
    await page.screenshot({ path: join(ARTIFACTS, 'approval-en.png'), fullPage: true });

    // Reject with an empty reason: the browser itself refuses (plain HTML `required`), nothing is sent.
    await page.getByRole('button', { name: 'Reject' }).click();
    expect(await page.locator('textarea#reason:invalid').count()).to.equal(1);
    expect(page.url()).to.equal(billLink);
    expect((await w.stack.client.getStatus('acme', accepted.requestId)).state).to.equal('pending_approval');

    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForLoadState();
    const result = await page.locator('body').innerText();
    expect(result).to.include('Approved — the change is being applied');
    await page.screenshot({ path: join(ARTIFACTS, 'approved-en.png'), fullPage: true });

    const view = await waitForRequestState(w.stack.client, 'acme', accepted.requestId, 'applied');
    expect(view.decision).to.include({ by: 'bill', decision: 'approve', channel: 'email_link' });
    const snapshot = await w.stack.store.loadAccount('acme');
    expect(snapshot?.subscriptions[0]?.seats).to.equal(8);
    const invoices = await w.stack.store.listInvoices('acme');
    expect(invoices).to.have.length(1);
    expect(invoices[0]?.requestId).to.equal(accepted.requestId);
    expect(invoices[0]?.lines).to.deep.equal(quote.lines);
    expect(invoices[0]?.totalMinor).to.equal(quote.totalMinor);

    const confirmation = await waitForMail(w.stack, accepted.requestId, 'confirmation', 'adam@acme.example');
    expect(confirmation.text).to.include(formatMoney(quote.totalMinor, quote.currency, 'de'));
    expect(confirmation.text).to.match(/\b8\b/);
    const charge = quote.lines.find((l) => l.kind === 'charge');
    expect(charge).to.not.equal(undefined);
    expect(confirmation.text).to.include(formatMoney(charge?.amountMinor ?? 0, quote.currency, 'de'));

    // The old link is dead now; the requester's status page shows the outcome.
    await page.goto(billLink);
    expect(await page.locator('body').innerText()).to.include('This link can no longer be used');
    await page.screenshot({ path: join(ARTIFACTS, 'neutral-en.png'), fullPage: true });
    const receipt = await waitForMail(w.stack, accepted.requestId, 'receipt', 'adam@acme.example');
    await page.goto(pageLink(receipt, 'status'));
    expect(await page.locator('body').innerText()).to.include('Durchgeführt');
    await page.screenshot({ path: join(ARTIFACTS, 'status-de.png'), fullPage: true });

    // The emails as rendered HTML, through the dev mailbox's sandboxed message route.
    for (const [mail, name] of [
      [billMail, 'mail-approval-request-en.png'],
      [oliviaMail, 'mail-approval-request-de.png'],
      [receipt, 'mail-receipt-de.png'],
      [confirmation, 'mail-confirmation-de.png'],
    ] as const) {
      const response = await page.goto(`${w.url}/dev/mail/${mail.id}`);
      expect(response?.status()).to.equal(200);
      await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
    }
    await page.goto(`${w.url}/dev/mail`);
    await page.screenshot({ path: join(ARTIFACTS, 'dev-mailbox.png') });
    await context.close();
    await desktop.close();
  });
});
