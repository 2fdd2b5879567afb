// The requester's life cycle in Debian's Chromium: a portal session from the API, seats and plan
// changed with the live preview (JavaScript on) and with the Preview button (JavaScript off), the
// request submitted from the portal, approved by the owner from the link in her mail, and the
// portal showing it applied. Screenshots of the portal in German and English, phone and desktop,
// go to test-artifacts/portal/.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP, launchChromium, PHONE } from '../setup/chromium.js';
import { waitForRequestState } from '../setup/stack.js';
import { openPortal, pageLink, startWebStack, waitForMail, type WebStack } from './web-stack.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'portal');

describe('web: the requester portal in Chromium', function () {
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

  /** No sideways scrolling (a string expression: this project compiles without the DOM typings). */
  async function expectFits(page: Page, what: string): Promise<void> {
    const overflow = Number(
      await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
    );
    expect(overflow, `${what} scrolls sideways`).to.be.at.most(0);
  }

  /** Collects CSP violations and script errors: the portal must run under its policy without any. */
  function watchConsole(page: Page): string[] {
    const problems: string[] = [];
    page.on('console', (m) => {
      // A refused preview answers 400 by design (the form with its messages); anything else counts.
      if (m.type() === 'error' && !m.text().includes('status of 400')) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return problems;
  }

  it('screenshots the portal in German and English on a phone and a desktop', async () => {
    for (const locale of ['de', 'en'] as const) {
      for (const [size, options] of [
        ['phone', PHONE],
        ['desktop', DESKTOP],
      ] as const) {
        const context: BrowserContext = await browser.newContext(options);
        const page = await context.newPage();
        const problems = watchConsole(page);
        const { url } = await openPortal(w, 'adam', { locale, returnUrl: 'https://app.example/billing' });
        expect((await page.goto(url))?.status()).to.equal(200);
        await page.locator('#seats').fill('7');
        await page.locator('#preview .total').waitFor();
        await expectFits(page, `portal ${locale} ${size}`);
        await page.screenshot({ path: join(ARTIFACTS, `portal-${locale}-${size}.png`), fullPage: true });
        const text = await page.locator('body').innerText();
        expect(text).to.include(locale === 'de' ? 'Abonnement ändern' : 'Change your subscription');
        expect(text).to.include(locale === 'de' ? 'Zurück zur Anwendung' : 'Back to the app');
        expect(problems, `${locale} ${size}`).to.deep.equal([]);
        await context.close();
      }
    }
  });

  it('changes seats and plan, previews live and with the button, submits, and shows the change applied after the owner approves from her mail', async () => {
    const seatsBefore = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!.seats;
    const seats = seatsBefore + 4;
    const { url } = await openPortal(w, 'adam', { locale: 'en' });

    // JavaScript on: the preview follows each edit through the portal's preview route.
    const live = await browser.newContext(DESKTOP);
    const page = await live.newPage();
    const problems = watchConsole(page);
    await page.goto(url);
    expect(await page.locator('#preview').innerText()).to.include('Press “Preview”');
    await page.locator('#seats').fill(String(seats));
    await page.locator('#preview').getByText(`${seats}`, { exact: true }).waitFor();
    await page.locator('#plan').selectOption('professional');
    await page.locator('#preview').getByText('Suite Professional').waitFor();
    const livePreview = await page.locator('#preview').innerText();
    expect(livePreview).to.include('Total due now');
    expect(livePreview).to.include('Unused time on');
    // Still the page it was: nothing navigated, nothing submitted.
    expect(page.url()).to.equal(url);
    expect(await w.stack.client.openRequestId('acme')).to.equal(undefined);
    // A bad value shows its message next to the field while typing, and the form keeps it.
    await page.locator('#seats').fill('9999');
    await page.locator('#error-seats').getByText('must be between').waitFor();
    expect(await page.locator('#seats').inputValue()).to.equal('9999');
    await page.locator('#seats').fill(String(seats));
    await page.locator('#error-seats:empty').waitFor({ state: 'attached' });
    await page.screenshot({ path: join(ARTIFACTS, 'portal-live-preview-en-desktop.png'), fullPage: true });
    expect(problems).to.deep.equal([]);
    await live.close();

    // JavaScript off: the Preview button re-renders the page with the quote; then submit.
    const noScript = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
    const plain = await noScript.newPage();
    await plain.goto(url);
    await plain.locator('#seats').fill(String(seats));
    await plain.locator('#plan').selectOption('professional');
    await plain.getByRole('button', { name: 'Preview' }).click();
    await plain.waitForURL(/\/preview$/);
    const preview = await plain.locator('#preview').innerText();
    expect(preview).to.include('Suite Professional');
    expect(preview).to.include('Total due now');
    expect(preview).to.match(/will be asked to approve the change by email/);
    expect(await plain.locator('#seats').inputValue()).to.equal(String(seats));
    await expectFits(plain, 'portal preview without JavaScript');
    await plain.screenshot({ path: join(ARTIFACTS, 'portal-preview-nojs-en-phone.png'), fullPage: true });

    await plain.getByRole('button', { name: 'Submit request' }).click();
    await plain.waitForURL(/\/requests\/req_/);
    const requestId = plain.url().split('/').pop()!;
    const submitted = await plain.locator('body').innerText();
    expect(submitted).to.include('Waiting for approval');
    expect(submitted).to.include('Withdraw request');
    await plain.screenshot({ path: join(ARTIFACTS, 'portal-request-en-phone.png'), fullPage: true });

    // The owner approves from the link in her mail (German, her locale).
    const mail = await waitForMail(w.stack, requestId, 'approval_request', 'olivia@acme.example');
    const owner = await browser.newContext(DESKTOP);
    const approval = await owner.newPage();
    await approval.goto(pageLink(mail, 'approve'));
    await approval.getByRole('button', { name: 'Freigeben' }).click();
    await approval.getByText('Freigegeben').first().waitFor();
    await owner.close();
    await waitForRequestState(w.stack.client, 'acme', requestId, 'applied');

    // The portal shows it applied, with its invoice; the form is back for the next change.
    await plain.reload();
    const applied = await plain.locator('body').innerText();
    expect(applied).to.include('Applied');
    expect(applied).to.match(/Invoice \S+ for €/);
    expect(applied).not.to.include('Withdraw request');
    await plain.screenshot({ path: join(ARTIFACTS, 'portal-applied-en-phone.png'), fullPage: true });
    await plain.goto(url);
    expect(await plain.locator('#change-form').count()).to.equal(1);
    expect(await plain.locator('body').innerText()).to.include('Applied');
    const after = (await w.stack.store.loadAccount('acme'))!.subscriptions[0]!;
    expect({ plan: after.plan, seats: after.seats }).to.deep.equal({ plan: 'professional', seats });
    await noScript.close();
  });
});
