// The configuration as the processes meet it: a bad value stops `plangate web`, `plangate worker`,
// `plangate dev` and the support commands at start, with one line naming the variable, before
// anything connects; `plangate doctor` reports it instead, with the fix, and shows the
// configuration in force and the request policy.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, expectOneErrorLine, runCli } from './run-cli.js';

const badTiming = 'plangate: PLANGATE_DOWNGRADE_TIMING must be "immediate" or "period_end", got "later"';

describe('configuration at start', function () {
  this.timeout(60_000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-config-'));
    // Nothing listens on port 1: a process that got past its configuration would fail differently.
    env = cleanEnv({
      PLANGATE_DATA_DIR: dataDir,
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      SMTP_URL: 'smtp://127.0.0.1:1',
      DATABASE_URL: 'postgres://plangate:db-password@127.0.0.1:1/plangate',
      PLANGATE_API_TOKEN: 'api-token-secret',
    });
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const command of ['web', 'worker']) {
    it(`stops \`plangate ${command}\` with a bad PLANGATE_DOWNGRADE_TIMING, naming it (exit 1)`, async () => {
      const result = await runCli([command], { ...env, PLANGATE_DOWNGRADE_TIMING: 'later' });
      expect(result.code, result.stderr).to.equal(1);
      expect(expectOneErrorLine(result)).to.equal(badTiming);
    });
  }

  it('stops `plangate dev` the same way, as the usage error it always was (exit 2)', async () => {
    const result = await runCli(['dev'], { ...env, PLANGATE_DOWNGRADE_TIMING: 'later' });
    expect(result.code, result.stderr).to.equal(2);
    expect(expectOneErrorLine(result)).to.equal(badTiming);
  });

  it('stops support commands before they connect, naming every bad variable in one line', async () => {
    const result = await runCli(['requests', 'list'], {
      ...env,
      PLANGATE_REMIND_AFTER: '3d,1d',
      WORKER_MAX_CACHED_WORKFLOWS: '0',
    });
    expect(result.code, result.stderr).to.equal(1);
    expect(expectOneErrorLine(result)).to.equal(
      'plangate: PLANGATE_REMIND_AFTER must grow from one duration to the next, got "3d,1d"; ' +
        'WORKER_MAX_CACHED_WORKFLOWS must be a whole number from 1 to 1000000, got "0"',
    );
  });

  it('lets `plangate doctor` report a bad value with the fix instead of stopping', async () => {
    const result = await runCli(['doctor', '--json'], {
      ...env,
      PLANGATE_DOWNGRADE_TIMING: 'later',
      PLANGATE_REMIND_AFTER: '1h,10d',
    });
    expect(result.code, result.stderr).to.equal(1);
    const report = JSON.parse(result.stdout) as {
      ok: boolean;
      checks: Array<{ name: string; ok: boolean; detail: string; fix?: string }>;
      configuration: {
        variables: Array<{ name: string; value: string | null; source: string; problem?: string }>;
      };
    };
    const settings = report.checks.find((c) => c.name === 'settings');
    expect(settings?.ok).to.equal(false);
    expect(settings?.detail).to.equal(
      'PLANGATE_DOWNGRADE_TIMING must be "immediate" or "period_end", got "later"; ' +
        'PLANGATE_REMIND_AFTER must all come before PLANGATE_EXPIRE_AFTER (7d), but 10d does not',
    );
    expect(settings?.fix).to.match(
      /^correct PLANGATE_DOWNGRADE_TIMING, PLANGATE_REMIND_AFTER .*or unset them/,
    );
    // The other checks still ran, with the bad variables at their defaults.
    expect(report.checks.map((c) => c.name)).to.include.members([
      'temporal',
      'store',
      'smtp',
      'catalog',
      'link secret',
    ]);
    const timing = report.configuration.variables.find((v) => v.name === 'PLANGATE_DOWNGRADE_TIMING');
    expect(timing).to.deep.include({ value: 'later', source: 'invalid' });
    expect(expectOneErrorLine(result)).to.match(/^plangate: \d check\(s\) failed: settings, /);
  });

  it('shows the configuration in force and the request policy, secrets redacted', async () => {
    const policyEnv = {
      ...env,
      PLANGATE_DOWNGRADE_TIMING: 'period_end',
      PLANGATE_REMIND_AFTER: '90s,3m',
      PLANGATE_EXPIRE_AFTER: '5m',
      PLANGATE_LINK_SECRET: 'cd'.repeat(32),
      TEMPORAL_API_KEY: 'temporal-key-secret',
    };
    const json = await runCli(['doctor', '--json'], policyEnv);
    const report = JSON.parse(json.stdout) as {
      configuration: {
        variables: Array<{ name: string; value: string | null; source: string }>;
        requestPolicy: Record<string, unknown>;
      };
    };
    expect(report.configuration.requestPolicy).to.deep.equal({
      remindAfterMs: [90_000, 180_000],
      expireAfterMs: 300_000,
      supportReviewTimeoutMs: 14 * 24 * 3_600_000,
      quote: { downgradeTiming: 'period_end' },
      summary:
        'downgrades period_end, reminders after 90s and 3m, expiry after 5m, support review within 14d',
    });
    const byName = new Map(report.configuration.variables.map((v) => [v.name, v]));
    expect(byName.get('DATABASE_URL')?.value).to.equal('postgres://plangate:***@127.0.0.1:1/plangate');
    expect(byName.get('PLANGATE_API_TOKEN')?.value).to.equal('***');
    expect(byName.get('PORT')).to.deep.include({ value: '3000', source: 'default' });

    const text = await runCli(['doctor'], policyEnv);
    expect(text.stdout).to.contain(
      'Request policy for new requests: downgrades period_end, reminders after 90s and 3m, expiry after 5m, support review within 14d',
    );
    expect(text.stdout).to.match(/^ {2}PLANGATE_EXPIRE_AFTER +5m$/m);
    expect(text.stdout).to.match(/^ {2}PLANGATE_SUPPORT_REVIEW_TIMEOUT +14d \(default\)$/m);
    expect(text.stdout).to.match(/^ {2}TEMPORAL_TLS_\* +unset$/m);
    for (const output of [json.stdout, text.stdout]) {
      for (const secret of ['db-password', 'api-token-secret', 'cd'.repeat(32), 'temporal-key-secret'])
        expect(output).to.not.contain(secret);
    }
  });
});
