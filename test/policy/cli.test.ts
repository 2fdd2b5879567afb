// `plangate policy` and `plangate delegation`, run as the built CLI against the real stack (shared
// Temporal dev server, a worker, the SMTP sink and a PostgreSQL store: the CLI is a second process).
import { expect } from 'chai';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openBillingStore } from '../../activities/store/index.js';
import { startTestStack, type TestStack } from '../setup/stack.js';
import { createTestDatabase, type TestDatabase } from '../setup/postgres.js';
import { testTemporal } from '../setup/temporal.js';
import { cleanEnv, expectOneErrorLine, runCli, type CliResult } from '../cli/run-cli.js';

describe('plangate policy and plangate delegation', function () {
  this.timeout(120_000);
  let db: TestDatabase;
  let stack: TestStack;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    db = await createTestDatabase('plangate_policy_cli');
    stack = await startTestStack({ store: () => openBillingStore({ databaseUrl: db.url }) });
    const temporal = await testTemporal();
    env = cleanEnv({
      TEMPORAL_ADDRESS: temporal.env.address,
      PLANGATE_TASK_QUEUE: stack.taskQueue,
      DATABASE_URL: db.url,
      PLANGATE_DATA_DIR: stack.dataDir,
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
  const fails = (result: CliResult, code: number) => {
    expect(result.code, `exit code; stdout: ${result.stdout}`).to.equal(code);
    return expectOneErrorLine(result);
  };

  describe('policy', () => {
    it('shows the default, then the policy set from --json, --file and --mode', async () => {
      expect(JSON.parse(ok(await cli('policy', 'show', 'acme', '--json')))).to.deep.equal({
        mode: 'any',
        source: 'default',
      });
      const withDefault = await runCli(['policy', 'show', 'globex'], {
        ...env,
        PLANGATE_APPROVAL_POLICY: '{"mode":"all"}',
      });
      expect(ok(withDefault)).to.match(/Policy\s+the deployment's default/);
      expect(withDefault.stdout).to.match(
        /First stage\s+owners and billing admins; all: every approver must approve/,
      );

      const finance = { name: 'finance', aboveMinor: { EUR: 100_000 }, approvers: { userIds: ['agnes'] } };
      const set = ok(
        await cli('policy', 'set', 'acme', '--json', JSON.stringify({ mode: 'any', stages: [finance] })),
      );
      expect(set).to.match(/Stage finance\s+above €1,000\.00: agnes; any: the first approval decides/);

      const file = join(stack.dataDir, 'policy.json');
      await writeFile(file, JSON.stringify({ mode: 'all', stages: [finance] }));
      ok(await cli('policy', 'set', 'acme', '--file', file));
      expect(await stack.store.getApprovalPolicy('acme')).to.deep.equal({ mode: 'all', stages: [finance] });

      // --mode keeps the stages and changes the rest.
      ok(await cli('policy', 'set', 'acme', '--mode', 'quorum', '--quorum', '2', '--watchers', 'agnes'));
      expect(JSON.parse(ok(await cli('policy', 'show', 'acme', '--json')))).to.deep.equal({
        mode: 'quorum',
        quorum: 2,
        stages: [finance],
        watchers: ['agnes'],
        source: 'account',
      });
    });

    it('refuses an invalid policy with exit 1 and one line naming the field; usage errors exit 2', async () => {
      const before = await stack.store.getApprovalPolicy('acme');
      const invalid = fails(await cli('policy', 'set', 'acme', '--json', '{"mode":"quorum","quorum":3}'), 1);
      expect(invalid).to.equal(
        'plangate: The approval policy is not valid (quorum: is 3, but the account has only 2 owners and billing admins to approve (bill, olivia))',
      );
      expect(
        fails(await cli('policy', 'set', 'acme', '--mode', 'all', '--watchers', 'olivia'), 1),
      ).to.include('watchers[0]: olivia is an owner');
      expect(await stack.store.getApprovalPolicy('acme')).to.deep.equal(before);

      expect(fails(await cli('policy', 'set', 'acme'), 2)).to.equal(
        'plangate: give the policy with --file, --json or --mode',
      );
      expect(
        fails(await cli('policy', 'set', 'acme', '--json', '{"mode":"all"}', '--mode', 'all'), 2),
      ).to.include('cannot be used with');
      expect(fails(await cli('policy', 'set', 'acme', '--mode', 'most'), 2)).to.include(
        'must be any, all or quorum',
      );
      expect(fails(await cli('policy', 'set', 'acme', '--file', '/nonexistent/policy.json'), 2)).to.include(
        'ENOENT',
      );
      expect(fails(await cli('policy', 'show', 'nosuchaccount'), 3)).to.equal(
        'plangate: Unknown account nosuchaccount',
      );
      expect(
        fails(await runCli(['policy', 'show', 'acme'], { ...env, PLANGATE_APPROVAL_POLICY: '{"mode":' }), 1),
      ).to.match(/^plangate: PLANGATE_APPROVAL_POLICY is not JSON/);
    });
  });

  describe('delegation', () => {
    const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

    it('sets, lists and ends a delegation; refuses invalid ones naming the field', async () => {
      const from = inDays(10);
      const until = inDays(20);
      expect(
        ok(
          await cli('delegation', 'set', 'acme', 'bill', '--to', 'olivia', '--from', from, '--until', until),
        ),
      ).to.equal(`bill's approvals go to olivia from ${from} until ${until}\n`);
      const table = ok(await cli('delegation', 'list', 'acme'));
      expect(table).to.match(/^APPROVER\s+DELEGATE\s+FROM\s+UNTIL\s+STATE\n/);
      expect(table).to.match(new RegExp(`bill\\s+olivia\\s+${from}\\s+${until}\\s+upcoming`));
      expect(JSON.parse(ok(await cli('delegation', 'list', 'acme', '--json')))).to.deep.equal([
        { accountId: 'acme', userId: 'bill', delegateTo: 'olivia', from, until },
      ]);

      expect(
        fails(
          await cli('delegation', 'set', 'acme', 'bill', '--to', 'bill', '--from', from, '--until', until),
          1,
        ),
      ).to.equal(
        'plangate: The delegation is not valid (delegateTo: must be someone other than the approver)',
      );
      expect(
        fails(
          await cli('delegation', 'set', 'acme', 'hank', '--to', 'bill', '--from', from, '--until', until),
          3,
        ),
      ).to.equal('plangate: hank is not a member of account acme');
      expect(
        fails(
          await cli(
            'delegation',
            'set',
            'acme',
            'bill',
            '--to',
            'olivia',
            '--from',
            'soon',
            '--until',
            until,
          ),
          2,
        ),
      ).to.include("option '--from <iso>' argument 'soon' is invalid");
      expect(
        fails(await cli('delegation', 'set', 'acme', 'bill', '--from', from, '--until', until), 2),
      ).to.include("required option '--to <delegate>' not specified");

      expect(ok(await cli('delegation', 'end', 'acme', 'bill'))).to.equal(
        "Ended bill's delegation to olivia\n",
      );
      expect(ok(await cli('delegation', 'end', 'acme', 'bill'))).to.equal('bill has no delegation\n');
      expect(ok(await cli('delegation', 'list', 'acme'))).to.equal('No delegations.\n');
    });

    it("ends a running delegation and sends the waiting request's approval emails again", async () => {
      ok(
        await cli(
          'delegation',
          'set',
          'acme',
          'olivia',
          '--to',
          'bill',
          '--from',
          inDays(-1),
          '--until',
          inDays(3),
        ),
      );
      const { requestId } = await stack.client.submitChangeRequest({
        accountId: 'acme',
        requestedBy: 'adam',
        changes: { seats: 6 },
      });
      try {
        expect(ok(await cli('delegation', 'end', 'acme', 'olivia'))).to.equal(
          `Ended olivia's delegation to bill; sent the approval emails of ${requestId} again\n`,
        );
        const view = await stack.client.getStatus('acme', requestId);
        expect(view.timeline.map((e) => `${e.actor} ${e.action} ${e.channel}`)).to.include(
          'system emails resent cli',
        );
      } finally {
        await stack.client.cancel('acme', requestId, { userId: 'adam', channel: 'api' });
      }
    });
  });
});
