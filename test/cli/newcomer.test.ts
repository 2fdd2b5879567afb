// A newcomer's first ten minutes, for real: `plangate dev` (what `npm start` runs after the build) in
// a fresh data directory, the README walkthrough commands taken verbatim from README.md, an approval
// through the approval page as a browser would post it, Ctrl-C, a second start that still has
// everything, and the invoice in the store afterwards.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBillingStore } from '../../activities/store/index.js';
import { demoCurl, portalCurl } from '../../client/cli/dev/banner.js';
import { cleanEnv, repoRoot } from './run-cli.js';
import { freeDevPorts, startDev, waitUntilServing, type DevPorts, type RunningDev } from './dev-stack.js';
import { waitUntil } from '../setup/wait.js';

/** The ```bash block after each `<!-- walkthrough:<name> -->` marker, by name. */
async function walkthroughBlocks(): Promise<Map<string, string>> {
  const readme = await readFile(join(repoRoot, 'README.md'), 'utf8');
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- walkthrough:([\w-]+) -->\s*```bash\n([\s\S]*?)```/g)) {
    blocks.set(match[1] ?? '', match[2] ?? '');
  }
  return blocks;
}

/** The README assumes the default ports; the test runs on free ones. */
function onPorts(command: string, ports: DevPorts): string {
  return command
    .replaceAll('localhost:3000', `localhost:${ports.PORT}`)
    .replaceAll('localhost:8233', `localhost:${ports.TEMPORAL_UI_PORT}`);
}

function bash(command: string, env: NodeJS.ProcessEnv, timeoutMs = 240_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-euo', 'pipefail', '-c', command], { env, cwd: repoRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`\`${command}\` exited with ${code}\n${stdout}\n${stderr}`));
    });
  });
}

interface StatusView {
  requestId: string;
  state: string;
  applied?: { invoiceId: string };
}

/** Approves like a person in a browser: the link from the mailbox, the page, its form, POST. */
async function approveThroughThePage(web: string, requestId: string): Promise<void> {
  // The approval mail goes out just after the submission's answer: wait for it to arrive.
  const approval = await waitUntil(
    async () => {
      const mails = (await (await fetch(`${web}/dev/mail.json`)).json()) as Array<{
        text: string;
        headers: Record<string, string>;
      }>;
      return mails.find(
        (m) =>
          m.headers['x-plangate-request-id'] === requestId &&
          m.headers['x-plangate-kind']?.startsWith('approval_request'),
      );
    },
    { timeoutMs: 20_000, what: `the approval email of ${requestId}` },
  );
  const link = approval?.text.match(/https?:\/\/\S+\/approve\/[^\s)>\]]+/)?.[0];
  expect(link, 'an approval link in the approval email').to.be.a('string');
  const url = (link ?? '').replace(/^https?:\/\/[^/]+/, web);
  const page = await fetch(url);
  expect(page.status).to.equal(200);
  const html = await page.text();
  const form = html.slice(html.indexOf('<form'), html.indexOf('</form>'));
  const fields = new URLSearchParams();
  for (const input of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(input[1] ?? '', (input[2] ?? '').replaceAll('&amp;', '&'));
  }
  expect([...fields.keys()]).to.include('csrf');
  fields.set('decision', 'approve');
  const posted = await fetch(url, {
    method: 'POST',
    body: fields,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  expect(posted.status).to.equal(200);
}

/** Asks for a change in the portal like a browser without JavaScript: the page, its form, POST. */
async function requestThroughThePortal(web: string, portalUrl: string, seats: number): Promise<string> {
  const url = portalUrl.replace(/^https?:\/\/[^/]+/, web);
  const page = await fetch(url);
  expect(page.status).to.equal(200);
  const html = await page.text();
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(csrf, 'the CSRF field of the portal form').to.be.a('string');
  const posted = await fetch(`${url}/submit`, {
    method: 'POST',
    body: new URLSearchParams({
      csrf: csrf ?? '',
      plan: 'team',
      seats: String(seats),
      interval: 'month',
      addOns: 'priority_support',
    }),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    redirect: 'manual',
  });
  expect(posted.status).to.equal(303);
  const requestId = /\/requests\/(req_[\w]+)$/.exec(posted.headers.get('location') ?? '')?.[1];
  expect(requestId, 'the request page the portal leads to').to.be.a('string');
  return requestId ?? '';
}

describe('a newcomer runs npm start and the README walkthrough', function () {
  this.timeout(600_000);
  let dataDir: string;
  let dev: RunningDev | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-newcomer-'));
  });
  after(async () => {
    await dev?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('asks in the portal, submits, approves, applies, survives a restart and keeps the invoice', async () => {
    const blocks = await walkthroughBlocks();
    expect([...blocks.keys()]).to.deep.equal([
      'portal',
      'submit',
      'status',
      'show',
      'list',
      'direct',
      'scheduled',
      'review',
      'cancel',
    ]);
    // The README shows exactly the curls the banner prints (on the default port and token).
    expect(blocks.get('portal')?.trim()).to.equal(portalCurl({ port: 3000, apiToken: 'dev-token' }));
    expect(blocks.get('submit')?.trim()).to.equal(demoCurl({ port: 3000, apiToken: 'dev-token' }));

    const ports = await freeDevPorts();
    const env = cleanEnv({ ...ports, PLANGATE_DATA_DIR: dataDir });
    const shellEnv = { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${ports.TEMPORAL_PORT}` };
    const web = `http://127.0.0.1:${ports.PORT}`;
    const run = (name: string, extra: NodeJS.ProcessEnv = {}) =>
      bash(onPorts(blocks.get(name) ?? '', ports), { ...shellEnv, ...extra });

    dev = startDev(env);
    await waitUntilServing(dev, ports.PORT);
    const banner = dev.output();
    expect(banner).to.contain('demo data created');
    const unindented = banner.replace(/^ {2}/gm, '');
    expect(unindented).to.contain(portalCurl({ port: Number(ports.PORT), apiToken: 'dev-token' }));
    expect(unindented).to.contain(demoCurl({ port: Number(ports.PORT), apiToken: 'dev-token' }));
    expect(banner).to.contain(`http://localhost:${ports.PORT}/dev/mail`);
    expect(banner).to.contain(`http://localhost:${ports.TEMPORAL_UI_PORT}`);
    expect(banner).to.contain(dataDir);

    const waitApplied = async (REQUEST_ID: string): Promise<StatusView | undefined> => {
      let view: StatusView | undefined;
      const deadline = Date.now() + 60_000;
      while (view?.state !== 'applied' && Date.now() < deadline) {
        view = JSON.parse(await run('status', { REQUEST_ID })) as StatusView;
        if (view.state !== 'applied') await new Promise((r) => setTimeout(r, 250));
      }
      return view;
    };

    // The requester in the portal (7 seats), the owner from the mailbox: applied.
    const portalUrl = (await run('portal')).trim();
    expect(portalUrl).to.match(new RegExp(`^http://localhost:${ports.PORT}/portal/[\\w.-]+$`));
    const fromPortal = await requestThroughThePortal(web, portalUrl, 7);
    await approveThroughThePage(web, fromPortal);
    expect((await waitApplied(fromPortal))?.state).to.equal('applied');
    const portalPage = await (await fetch(portalUrl.replace(/^https?:\/\/[^/]+/, web))).text();
    expect(portalPage).to.contain('Applied');

    // Then a host app's submission through the API (8 seats), approved the same way.
    const submitted = JSON.parse(await run('submit')) as { requestId: string; status: string };
    expect(submitted.status).to.equal('pending_approval');
    const REQUEST_ID = submitted.requestId;

    await approveThroughThePage(web, REQUEST_ID);

    const view = await waitApplied(REQUEST_ID);
    expect(view?.state).to.equal('applied');
    const invoiceId = view?.applied?.invoiceId;
    expect(invoiceId).to.be.a('string');

    const shown = await run('show', { REQUEST_ID });
    expect(shown).to.match(/State\s+applied/);
    expect(shown).to.contain(`invoice ${invoiceId}`);
    expect(shown).to.match(/olivia|bill/);
    const listed = await run('list');
    expect(listed).to.match(new RegExp(`${REQUEST_ID}\\s+acme\\s+applied`));

    // The owner's direct change: nobody is asked, and it applies.
    const direct = JSON.parse(await run('direct')) as { requestId: string; status: string; approvers: [] };
    expect(direct.approvers).to.deep.equal([]);
    expect(['applying', 'applied']).to.include(direct.status);
    expect((await waitApplied(direct.requestId))?.state).to.equal('applied');

    // Ctrl-C: everything stops cleanly.
    expect(await dev.stop('SIGINT')).to.equal(0);
    expect(dev.output()).to.contain('stopped; everything is kept in');

    // The second start finds everything where it was; this time downgrades wait for the period end.
    dev = startDev({ ...env, PLANGATE_DOWNGRADE_TIMING: 'period_end' });
    await waitUntilServing(dev, ports.PORT);
    expect(dev.output()).not.to.contain('demo data created');
    const again = JSON.parse(await run('status', { REQUEST_ID })) as StatusView;
    expect(again.state).to.equal('applied');
    expect(again.applied?.invoiceId).to.equal(invoiceId);

    // A downgrade for the period end: approved, reviewed by support, scheduled, then called off.
    const downgrade = JSON.parse(await run('scheduled')) as {
      requestId: string;
      quote: { scheduledChangeAt?: string; lines: unknown[] };
    };
    expect(downgrade.quote.scheduledChangeAt).to.be.a('string');
    expect(downgrade.quote.lines).to.deep.equal([]);
    await approveThroughThePage(web, downgrade.requestId);
    const stateOf = async (id: string) =>
      (JSON.parse(await run('status', { REQUEST_ID: id })) as StatusView).state;
    const reaches = async (id: string, state: string) => {
      for (const deadline = Date.now() + 60_000; Date.now() < deadline;) {
        if ((await stateOf(id)) === state) return true;
        await new Promise((r) => setTimeout(r, 250));
      }
      return false;
    };
    expect(await reaches(downgrade.requestId, 'pending_support_review')).to.equal(true);
    expect(await run('review', { REQUEST_ID: downgrade.requestId })).to.match(/scheduled/i);
    expect(await stateOf(downgrade.requestId)).to.equal('scheduled');
    expect(await run('cancel', { REQUEST_ID: downgrade.requestId })).to.match(/cancelled/i);
    expect(await stateOf(downgrade.requestId)).to.equal('cancelled');
    expect(await dev.stop('SIGINT')).to.equal(0);
    dev = undefined;

    // And the invoice is in the store (PGlite in the data directory; the stack is stopped now).
    const store = await openBillingStore({ dataDir });
    try {
      const invoices = await store.listInvoices('acme');
      expect(invoices.map((i) => i.invoiceId)).to.include(invoiceId);
      expect(invoices.find((i) => i.invoiceId === invoiceId)?.requestId).to.equal(REQUEST_ID);
      // The owner's 10 seats; the cancelled downgrade changed nothing.
      const subscription = (await store.loadAccount('acme'))?.subscriptions[0];
      expect(subscription?.seats).to.equal(10);
      expect(subscription?.plan).to.not.equal('starter');
    } finally {
      await store.close();
    }
  });
});
