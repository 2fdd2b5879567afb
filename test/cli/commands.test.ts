// Every support command of `plangate`, run as a child process against the real stack: the shared
// Temporal dev server, a worker, the SMTP sink and a PostgreSQL store (PGlite allows one process,
// and the CLI is a second one).
import { expect } from 'chai';
import { openBillingStore } from '../../activities/store/index.js';
import type { RequestStatusView } from '../../workflows/messages.js';
import type { RequestSummary } from '../../client/request-listing.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { createTestDatabase, type TestDatabase } from '../setup/postgres.js';
import { testTemporal } from '../setup/temporal.js';
import { waitForRequestState } from '../setup/wait.js';
import { cleanEnv, expectOneErrorLine, runCli, type CliResult } from './run-cli.js';

/**
 * Runs the CLI as if it were `aheadMs` later (its Date.now() moved forward), so that a request
 * submitted a moment ago is "older than" something without the test waiting for it.
 */
function clockAhead(env: NodeJS.ProcessEnv, aheadMs: number): NodeJS.ProcessEnv {
  const preload = `const now = Date.now; Date.now = () => now() + ${aheadMs};`;
  const option = `--import=data:text/javascript,${encodeURIComponent(preload)}`;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, option].filter(Boolean).join(' ') };
}

describe('plangate CLI against the real stack', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('plangate_cli');
    stack = await startTestStack({ store: () => openBillingStore({ databaseUrl: db.url }) });
    const temporal = await testTemporal();
    env = cleanEnv({
      TEMPORAL_ADDRESS: temporal.env.address,
      PLANGATE_TASK_QUEUE: stack.taskQueue,
      DATABASE_URL: db.url,
      SMTP_URL: stack.sink.url,
      PLANGATE_DATA_DIR: stack.dataDir,
      PLANGATE_LINK_SECRET: Buffer.from(stack.deps.links.secret).toString('hex'),
    });
  });

  after(async () => {
    await stack?.stop();
    await db?.drop();
  });

  const cli = (...args: string[]) => runCli(args, env);
  const ok = (result: CliResult) => {
    expect(result.code, `exit code; stderr: ${result.stderr}`).to.equal(0);
    return result.stdout;
  };
  const submit = (changes: Record<string, unknown>) =>
    stack.client.submitChangeRequest({ accountId: 'acme', requestedBy: 'adam', changes });

  /** Visibility is eventually consistent: list until the request shows with the expected status. */
  async function listUntil(args: string[], requestId: string, status: string): Promise<RequestSummary[]> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const list = JSON.parse(ok(await cli('requests', 'list', ...args, '--json'))) as RequestSummary[];
      if (list.some((r) => r.requestId === requestId && r.status === status)) return list;
      if (Date.now() > deadline)
        throw new Error(`${requestId} never listed as ${status}: ${JSON.stringify(list)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }

  describe('requests list and show', () => {
    /** Applied (approved by bill) before `requestId` was submitted; still pending. */
    let appliedId: string;
    let requestId: string;
    before(async () => {
      ({ requestId: appliedId } = await submit({ seats: 6 }));
      await stack.client.decide('acme', appliedId, {
        approverId: 'bill',
        decision: 'approve',
        channel: 'api',
      });
      await waitForRequestState(stack.client, 'acme', appliedId, 'applied');
      ({ requestId } = await submit({ seats: 8 }));
    });
    after(async () => {
      await stack.client.cancel('acme', requestId, { userId: 'adam', channel: 'api' }).catch(() => undefined);
    });

    it('lists open requests by account and status as JSON and as a table', async () => {
      // Support's first question: which requests are waiting? (DESIGN.md section 1)
      const list = await listUntil(
        ['--account', 'acme', '--status', 'pending_approval'],
        requestId,
        'pending_approval',
      );
      const mine = list.find((r) => r.requestId === requestId);
      expect(mine).to.include({ accountId: 'acme', status: 'pending_approval' });
      expect(Date.parse(mine?.submittedAt ?? '')).to.be.closeTo(Date.now(), 120_000);

      const table = ok(await cli('requests', 'list', '--account', 'acme'));
      expect(table).to.match(new RegExp(`${requestId}\\s+acme\\s+pending_approval`));
    });

    it('filters by status, account, age and limit', async () => {
      const applied = await listUntil(
        ['--account', 'acme', '--status', 'applied', '--limit', '500'],
        appliedId,
        'applied',
      );
      expect(applied.map((r) => r.requestId)).not.to.include(requestId);
      expect(applied.every((r) => r.status === 'applied')).to.equal(true);
      expect(applied.find((r) => r.requestId === appliedId)?.changeKinds).to.deep.equal(['seat_increase']);
      expect(applied.find((r) => r.requestId === appliedId)?.closedAt).to.be.a('string');
      const table = ok(await cli('requests', 'list', '--account', 'acme', '--status', 'applied'));
      expect(table.split('\n')[0]).to.match(/^REQUEST\s+ACCOUNT\s+STATUS\s+CHANGES\s+SUBMITTED\s+CLOSED$/);
      expect(table).to.match(new RegExp(`${appliedId}\\s+acme\\s+applied\\s+seat_increase\\s+\\S+\\s+\\S+`));

      const list = (...args: string[]) =>
        cli('requests', 'list', ...args, '--json').then((r) => JSON.parse(ok(r)) as RequestSummary[]);
      expect((await list('--account', 'globex')).map((r) => r.requestId)).not.to.include(appliedId);
      expect((await list('--older-than', '1d')).map((r) => r.requestId)).not.to.include(appliedId);
      // And what is older is listed: two hours from now, the request applied above is two hours old.
      const twoHoursLater = (...args: string[]) =>
        runCli(
          ['requests', 'list', '--account', 'acme', '--limit', '500', ...args, '--json'],
          clockAhead(env, 2 * 3_600_000),
        ).then((r) => (JSON.parse(ok(r)) as RequestSummary[]).map((s) => s.requestId));
      expect(await twoHoursLater('--older-than', '90m')).to.include.members([appliedId, requestId]);
      expect(await twoHoursLater('--older-than', '3h')).not.to.include(appliedId);
      expect(await list('--limit', '1')).to.have.length(1);
      expect(ok(await cli('requests', 'list', '--account', 'nosuchaccount'))).to.equal(
        'No change requests match.\n',
      );
    });

    it('shows one request: its quote and the timeline as an aligned table, or the status view as JSON', async () => {
      const view = JSON.parse(
        ok(await cli('requests', 'show', 'acme', requestId, '--json')),
      ) as RequestStatusView;
      expect(view).to.include({ requestId, accountId: 'acme', state: 'pending_approval', open: true });
      expect(view.quote?.after.seats).to.equal(8);
      expect(view.timeline.map((e) => e.action)).to.include.members(['submitted', 'quoted']);

      const text = ok(await cli('requests', 'show', 'acme', requestId));
      expect(text).to.contain(`Request       ${requestId}`);
      expect(text).to.match(/Requested by\s+.+\(adam\)/);
      expect(text).to.match(/seats\s+\d+\s+->\s+8/);
      expect(text).to.match(/Total now\s+€/);
      const header = text.split('\n').find((line) => line.startsWith('TIME'));
      expect(header).to.match(/^TIME\s+ACTOR\s+ACTION\s+CHANNEL\s+STATE\s+DETAIL$/);
      // Aligned: every timeline row starts its ACTOR column where the header does.
      const timeline = text.slice(text.indexOf(header ?? ''));
      const actorColumn = header?.indexOf('ACTOR') ?? -1;
      const rows = timeline.split('\n').slice(1, view.timeline.length + 1);
      expect(rows).to.have.length(view.timeline.length);
      for (const row of rows) expect(row[actorColumn - 1]).to.equal(' ');
      expect(rows[0]?.slice(actorColumn)).to.match(/^adam\s+submitted\s+api\s+/);
    });

    it('exits 3 for an unknown request or account', async () => {
      const unknown = await cli('requests', 'show', 'acme', 'req_doesnotexist');
      expect(unknown.code).to.equal(3);
      expect(expectOneErrorLine(unknown)).to.contain('req_doesnotexist');
      const noAccount = await cli('requests', 'show', 'nosuchaccount', requestId, '--json');
      expect(noAccount.code).to.equal(3);
      expect(noAccount.stdout).to.equal('');
    });
  });

  describe('changing requests', () => {
    it('resends the approval emails and cancels on behalf of the customer, then refuses a second cancel', async () => {
      const { requestId } = await submit({ seats: 8 });
      const approvalMails = () =>
        stack.sink
          .messages()
          .filter(
            (m) =>
              m.headers['x-plangate-request-id'] === requestId &&
              m.headers['x-plangate-kind']?.startsWith('approval_request'),
          );
      await stack.sink.waitFor((m) => m.headers['x-plangate-request-id'] === requestId, 20_000);
      const before = approvalMails().length;

      const resent = ok(await cli('emails', 'resend', 'acme', requestId, '--as', 'sam'));
      expect(resent).to.contain('pending_approval');
      const deadline = Date.now() + 20_000;
      while (approvalMails().length <= before && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(approvalMails().length).to.be.greaterThan(before);

      const cancelled = JSON.parse(
        ok(
          await cli(
            'requests',
            'cancel',
            'acme',
            requestId,
            '--as',
            'sam',
            '--reason',
            'asked by phone',
            '--json',
          ),
        ),
      ) as RequestStatusView;
      expect(cancelled.state).to.equal('cancelled');
      const entries = cancelled.timeline.map((e) => `${e.actor} ${e.action} ${e.channel}`);
      expect(entries).to.include('support:sam emails resent cli');
      expect(entries).to.include('support:sam cancelled cli');

      const again = await cli('requests', 'cancel', 'acme', requestId, '--as', 'sam');
      expect(again.code).to.equal(1);
      expect(expectOneErrorLine(again)).to.match(/cancelled|closed/);

      const resendClosed = await cli('emails', 'resend', 'acme', requestId, '--as', 'sam');
      expect(resendClosed.code).to.equal(1);
      expectOneErrorLine(resendClosed);
    });

    it('records a support review of a downgrade, which then applies', async () => {
      // Starter has no priority support: the downgrade drops the add-on too.
      const { requestId } = await submit({ plan: 'starter', addOns: { remove: ['priority_support'] } });
      await stack.client.decide('acme', requestId, {
        approverId: 'bill',
        decision: 'approve',
        channel: 'api',
      });
      await waitForRequestState(stack.client, 'acme', requestId, 'pending_support_review');

      const neither = await cli('requests', 'review', 'acme', requestId, '--as', 'sam');
      expect(neither.code).to.equal(2);
      expectOneErrorLine(neither);
      const both = await cli('requests', 'review', 'acme', requestId, '--approve', '--reject', '--as', 'sam');
      expect(both.code).to.equal(2);
      const noReason = await cli('requests', 'review', 'acme', requestId, '--reject', '--as', 'sam');
      expect(noReason.code).to.equal(2);
      expect(expectOneErrorLine(noReason)).to.contain('--reason');

      const reviewed = ok(await cli('requests', 'review', 'acme', requestId, '--approve', '--as', 'sam'));
      expect(reviewed).to.match(/^Approved: request req_\w+ of acme is now (applying|applied)\.$/m);
      await waitForRequestState(stack.client, 'acme', requestId, 'applied');

      const text = ok(await cli('requests', 'show', 'acme', requestId));
      expect(text).to.match(/Support review\s+approved by support:sam via cli/);
      expect(text).to.match(/Applied\s+.+invoice \S+, total /);
      expect(text).to.match(/support:sam\s+support approved\s+cli\s+applying/);
    });
  });

  describe('quote', () => {
    it('prices a change without submitting it, as JSON and as text', async () => {
      const quote = JSON.parse(
        ok(
          await cli('quote', 'acme', '--changes', '{"seats":9}', '--at', new Date().toISOString(), '--json'),
        ),
      ) as {
        currency: string;
        after: { seats: number };
        lines: unknown[];
        totalMinor: number;
        kinds: string[];
      };
      expect(quote.currency).to.equal('EUR');
      expect(quote.after.seats).to.equal(9);
      expect(quote.kinds).to.deep.equal(['seat_increase']);
      expect(quote.lines.length).to.be.greaterThan(0);
      expect(quote.totalMinor).to.be.greaterThan(0);
      expect(await stack.client.openRequestId('acme')).to.equal(undefined);

      // As a member's submission would be quoted: an owner's is direct, a stranger is refused.
      const asOwner = JSON.parse(
        ok(await cli('quote', 'acme', '--changes', '{"seats":9}', '--as', 'olivia', '--json')),
      ) as { route: string };
      expect(asOwner.route).to.equal('direct');
      const stranger = await cli('quote', 'acme', '--changes', '{"seats":9}', '--as', 'mallory');
      expect(stranger.code).to.equal(1);
      expect(expectOneErrorLine(stranger)).to.contain('mallory is not a member');

      const text = ok(await cli('quote', 'acme', '--changes', '{"seats":9}'));
      expect(text).to.match(/seats\s+\d+\s+->\s+9/);
      expect(text).to.match(/charge\s+.+€/);
      expect(text).to.match(/Total now\s+€[\d,.]+/);
    });

    it("previews a downgrade with the deployment's PLANGATE_DOWNGRADE_TIMING, as a submission would be quoted", async () => {
      // A store of its own: acme here is still on the seeded team plan, whatever the tests above did.
      const fresh = await createTestDatabase('plangate_cli_quote_policy');
      try {
        const store = await openBillingStore({ databaseUrl: fresh.url });
        await store.seedDemoData().finally(() => store.close());
        const downgrade = '{"plan":"starter","addOns":{"remove":["priority_support"]}}';
        const quoteWith = async (timing: string) =>
          JSON.parse(
            ok(
              await runCli(['quote', 'acme', '--changes', downgrade, '--json'], {
                ...env,
                DATABASE_URL: fresh.url,
                PLANGATE_DOWNGRADE_TIMING: timing,
              }),
            ),
          ) as { kinds: string[]; lines: unknown[]; scheduledChangeAt?: string };
        const now = await quoteWith('immediate');
        expect(now.kinds).to.include('downgrade');
        expect(now.scheduledChangeAt).to.equal(undefined);
        expect(now.lines.length).to.be.greaterThan(0);
        const later = await quoteWith('period_end');
        expect(later.scheduledChangeAt).to.be.a('string');
        expect(later.lines).to.deep.equal([]);
      } finally {
        await fresh.drop();
      }
    });

    it('exits 3 for an unknown account, 1 for an invalid change, 2 for bad JSON', async () => {
      const unknown = await cli('quote', 'nosuchaccount', '--changes', '{"seats":2}');
      expect(unknown.code).to.equal(3);
      expect(expectOneErrorLine(unknown)).to.contain('nosuchaccount');
      const invalid = await cli('quote', 'acme', '--changes', '{"card":"4242"}');
      expect(invalid.code).to.equal(1);
      expect(expectOneErrorLine(invalid)).to.contain('changes.card');
      const badJson = await cli('quote', 'acme', '--changes', '{seats:2');
      expect(badJson.code).to.equal(2);
      expectOneErrorLine(badJson);
    });
  });

  describe('seed and migrate', () => {
    it('seeds an empty database once and then says nothing changed', async () => {
      const fresh = await createTestDatabase('plangate_cli_seed');
      try {
        const seedEnv = { ...env, DATABASE_URL: fresh.url };
        expect(ok(await runCli(['migrate'], seedEnv))).to.contain('up to date');
        expect(JSON.parse(ok(await runCli(['seed', '--json'], seedEnv)))).to.deep.equal({ created: true });
        expect(JSON.parse(ok(await runCli(['seed', '--json'], seedEnv)))).to.deep.equal({ created: false });
        expect(ok(await runCli(['seed'], seedEnv))).to.contain('already there');
      } finally {
        await fresh.drop();
      }
    });
  });

  describe('doctor', () => {
    it('passes every check on a working setup', async () => {
      const result = await cli('doctor', '--json');
      const report = JSON.parse(result.stdout) as {
        ok: boolean;
        checks: Array<{ name: string; ok: boolean }>;
      };
      expect(
        report.checks.filter((c) => !c.ok),
        result.stdout,
      ).to.deep.equal([]);
      expect(result.code).to.equal(0);
      expect(report.ok).to.equal(true);
      expect(report.checks.map((c) => c.name)).to.deep.equal([
        'settings',
        'temporal',
        'search attributes',
        'worker',
        'store',
        'smtp',
        'catalog',
        'link secret',
      ]);
      const text = ok(await cli('doctor'));
      // One line per check, then the configuration in force.
      const [checkLines = '', configuration = ''] = text.split('\n\n');
      expect(checkLines.split('\n')).to.have.length(8);
      expect(text).to.match(/^✔ temporal: reachable at /m);
      expect(text).to.match(
        /^✔ settings: environment variables valid; request policy: downgrades immediate, reminders after 24h and 72h, expiry after 7d, support review within 14d$/m,
      );
      expect(configuration).to.match(/^Configuration /);
      expect(configuration).to.match(/^ {2}PLANGATE_TASK_QUEUE +\S+$/m);
      expect(configuration).to.contain(
        'Request policy for new requests: downgrades immediate, reminders after 24h and 72h, expiry after 7d, support review within 14d',
      );
    });

    it('names what is wrong and how to fix it, and exits 1', async () => {
      const result = await runCli(['doctor', '--json'], {
        ...env,
        TEMPORAL_ADDRESS: '127.0.0.1:1',
        SMTP_URL: 'smtp://127.0.0.1:1',
        PLANGATE_LINK_SECRET: 'too-short',
        PLANGATE_CATALOG_FILE: '/nonexistent/catalog.json',
      });
      expect(result.code).to.equal(1);
      const report = JSON.parse(result.stdout) as {
        ok: boolean;
        checks: Array<{ name: string; ok: boolean; fix?: string }>;
      };
      expect(report.ok).to.equal(false);
      const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).to.deep.equal(['temporal', 'smtp', 'catalog', 'link secret']);
      expect(report.checks.every((c) => c.ok || c.fix)).to.equal(true);

      const text = await runCli(['doctor'], { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' });
      expect(text.code).to.equal(1);
      expect(text.stdout).to.match(/^✘ temporal: cannot reach Temporal \(127\.0\.0\.1:1/m);
      expect(text.stdout).to.match(/^ {4}fix: /m);
      expect(expectOneErrorLine(text)).to.equal('plangate: 1 check(s) failed: temporal');
    });
  });

  describe('exit codes', () => {
    it('exits 4 with one line when Temporal or the store cannot be reached', async () => {
      const noTemporal = await runCli(['requests', 'list'], { ...env, TEMPORAL_ADDRESS: '127.0.0.1:1' });
      expect(noTemporal.code).to.equal(4);
      expect(expectOneErrorLine(noTemporal)).to.contain('127.0.0.1:1');
      const noStore = await runCli(['quote', 'acme', '--changes', '{"seats":2}'], {
        ...env,
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nothing',
      });
      expect(noStore.code).to.equal(4);
      expectOneErrorLine(noStore);
    });

    it('exits 2 for usage errors', async () => {
      for (const args of [
        ['requests', 'list', '--limit', 'many'],
        ['requests', 'list', '--status', 'open'],
        ['requests', 'list', '--older-than', 'yesterday'],
        ['requests', 'show', 'acme'],
        ['requests', 'cancel', 'acme', 'req_1'],
        ['no-such-command'],
      ]) {
        const result = await cli(...args);
        expect(result.code, args.join(' ')).to.equal(2);
        expectOneErrorLine(result);
      }
      const help = await cli('--help');
      expect(help.code).to.equal(0);
      expect(help.stdout).to.contain('requests');
      expect(help.stdout).not.to.contain('dev-services');
    });
  });
});
