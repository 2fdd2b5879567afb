// The configuration schema on its own: for every variable a value it takes, one it refuses (with a
// message naming the variable) and its default; then the rules that span variables, the views the
// processes read and what `plangate doctor` makes of it.
import { expect } from 'chai';
import { resolve } from 'node:path';
import {
  ConfigError,
  documentedVariables,
  inspectEnvironment,
  loadEnvironment,
  readVariable,
  type VariableName,
} from '../../config/environment.js';
import { formatDuration, parseDuration } from '../../config/duration.js';
import { devSettings, requestPolicy, webSettings, workerSettings } from '../../config/settings.js';
import { withDefaults, defaultRequestPolicy } from '../../workflows/request-policy.js';
import {
  describeRequestPolicy,
  effectiveConfiguration,
} from '../../client/cli/doctor/effective-configuration.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const hexSecret = 'ab'.repeat(32);

interface Case {
  /** A value it takes, and what the process then reads. */
  good: [string, unknown];
  /** A value it refuses and a part of the reason; null when every text is valid (names, paths). */
  bad: [string, string] | null;
  /** What it reads when unset. */
  unset: unknown;
}

/** A text variable taken as it is (names, paths, secrets): nothing to refuse. */
const asIs = (value: string, unset: unknown): Case => ({ good: [value, value], bad: null, unset });
const port = (good: number, bad: string, unset: number): Case => ({
  good: [String(good), good],
  bad: [bad, `must be a port number (1-65535), got "${bad}"`],
  unset,
});
const wholeNumber = (max: number, good: number, bad: string, unset: number): Case => ({
  good: [String(good), good],
  bad: [bad, `must be a whole number from 1 to ${max}, got "${bad}"`],
  unset,
});

/** A duration variable: a text it reads as milliseconds, one it refuses and why, its default. */
const duration = (good: string, ms: number, bad: string, reason: string, unset: number): Case => ({
  good: [good, ms],
  bad: [bad, reason],
  unset,
});

/** Every variable of the schema: the test below fails when one is added without a case here. */
const cases: Record<VariableName, Case> = {
  PORT: port(8080, 'eighty', 3000),
  HOST: asIs('0.0.0.0', '127.0.0.1'),
  TEMPORAL_PORT: port(17233, '0', 7233),
  TEMPORAL_UI_PORT: port(18233, '65536', 8233),
  SMTP_PORT: port(2526, '25.5', 2525),
  SMTP_URL: {
    good: ['smtps://mailer:pw@relay.example:465', 'smtps://mailer:pw@relay.example:465'],
    bad: ['http://mailer:hunter2@relay.example', 'got "http://mailer:***@relay.example/"'],
    unset: 'smtp://127.0.0.1:2525',
  },
  MAIL_FROM: asIs('Billing <billing@example.com>', 'Plangate <plangate@localhost>'),
  PLANGATE_DATA_DIR: asIs('/srv/plangate', resolve('./var')),
  PLANGATE_API_TOKEN: asIs('s3cret', undefined),
  PLANGATE_DEV: {
    good: ['1', true],
    bad: ['yes', 'must be 1 or 0 (or true or false), got "yes"'],
    unset: false,
  },
  PLANGATE_PUBLIC_URL: {
    good: ['https://billing.example.com/', 'https://billing.example.com'],
    bad: ['billing.example.com', 'must be an http:// or https:// URL, got "billing.example.com"'],
    unset: 'http://localhost:3000',
  },
  PLANGATE_LINK_SECRET: { good: [hexSecret, hexSecret], bad: ['abcd', 'is too short'], unset: undefined },
  PLANGATE_SUPPORT_EMAIL: {
    good: ['support@example.com', 'support@example.com'],
    bad: ['support', 'must be an email address, got "support"'],
    unset: 'support@localhost',
  },
  PLANGATE_CATALOG_FILE: asIs('/etc/plangate/catalog.json', undefined),
  PLANGATE_TASK_QUEUE: { good: [' billing ', 'billing'], bad: null, unset: 'plangate' },
  PLANGATE_API_RATE_LIMIT: wholeNumber(1_000_000, 1000, '0', 600),
  PLANGATE_PAGE_RATE_LIMIT: wholeNumber(1_000_000, 1, '-5', 60),
  PLANGATE_PORTAL_SESSION_TTL: duration('15m', 15 * 60_000, '0s', 'must be a duration above 0', HOUR),
  PLANGATE_TRUST_PROXY: { good: ['true', true], bad: ['on', 'must be 1 or 0'], unset: false },
  PLANGATE_DOWNGRADE_TIMING: {
    good: ['period_end', 'period_end'],
    bad: ['later', 'must be "immediate" or "period_end", got "later"'],
    unset: 'immediate',
  },
  PLANGATE_REMIND_AFTER: {
    good: ['90s,1h', [90_000, HOUR]],
    bad: ['72h,24h', 'must grow from one duration to the next, got "72h,24h"'],
    unset: [24 * HOUR, 72 * HOUR],
  },
  PLANGATE_EXPIRE_AFTER: duration(
    '2w',
    14 * DAY,
    '7 days',
    'must be a duration above 0 such as 90s, 90m, 12h, 3d or 2w, got "7 days"',
    7 * DAY,
  ),
  PLANGATE_SUPPORT_REVIEW_TIMEOUT: duration('30d', 30 * DAY, '0d', 'must be a duration above 0', 14 * DAY),
  PLANGATE_WEBHOOK_RETRY_FOR: duration('48h', 48 * 3_600_000, 'soon', 'must be a duration', DAY),
  PLANGATE_WEBHOOK_RETRY_BASE: duration('250ms', 250, '0s', 'must be a duration above 0', 5000),
  PLANGATE_WEBHOOK_SECRET_OVERLAP: duration('1h', 3_600_000, '1 day', 'must be a duration', DAY),
  PLANGATE_WEBHOOK_DISABLE_AFTER: duration('7d', 7 * DAY, '3 days', 'must be a duration', 3 * DAY),
  PLANGATE_WEBHOOK_TIMEOUT: duration('5s', 5000, 'ten', 'must be a duration', 10_000),
  PLANGATE_WEBHOOK_POLL_INTERVAL: duration('200ms', 200, '0ms', 'must be a duration above 0', 1000),
  PLANGATE_WEBHOOK_CONCURRENCY: { good: ['4', 4], bad: ['0', 'must be'], unset: 16 },
  PLANGATE_APPROVAL_POLICY: {
    good: ['{"mode":"all"}', { mode: 'all' }],
    bad: ['{"mode":"quorum"}', 'is not a valid approval policy: quorum: is required with mode "quorum"'],
    unset: { mode: 'any' },
  },
  DATABASE_URL: {
    good: ['postgresql://app:pw@db:5432/billing', 'postgresql://app:pw@db:5432/billing'],
    bad: ['mysql://app:hunter2@db/billing', 'got "mysql://app:***@db/billing"'],
    unset: undefined,
  },
  DATABASE_POOL_MAX: wholeNumber(1000, 25, '0', 10),
  TEMPORAL_ADDRESS: asIs('temporal:7233', undefined),
  TEMPORAL_NAMESPACE: asIs('billing', undefined),
  TEMPORAL_API_KEY: asIs('key', undefined),
  TEMPORAL_PROFILE: asIs('cloud', 'default'),
  TEMPORAL_CONFIG_FILE: asIs('/etc/temporal.toml', undefined),
  TEMPORAL_TLS: asIs('true', undefined),
  TEMPORAL_TLS_CLIENT_CERT_PATH: asIs('/c.pem', undefined),
  TEMPORAL_TLS_CLIENT_CERT_DATA: asIs('PEM', undefined),
  TEMPORAL_TLS_CLIENT_KEY_PATH: asIs('/k.pem', undefined),
  TEMPORAL_TLS_CLIENT_KEY_DATA: asIs('PEM', undefined),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: asIs('/ca.pem', undefined),
  TEMPORAL_TLS_SERVER_CA_CERT_DATA: asIs('PEM', undefined),
  TEMPORAL_TLS_SERVER_NAME: asIs('temporal.example', undefined),
  TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: asIs('false', undefined),
  TEMPORAL_CLI_PATH: asIs('/usr/bin/temporal', undefined),
  TEMPORAL_SERVER_PATH: asIs('/usr/bin/temporal-server', undefined),
  TEMPORAL_SQL_TOOL_PATH: asIs('/usr/bin/temporal-sql-tool', undefined),
  TEMPORAL_SCHEMA_DIR: asIs('/schema', undefined),
  PLANGATE_CACHE_DIR: asIs('/cache', undefined),
  WORKER_MAX_CACHED_WORKFLOWS: wholeNumber(1_000_000, 500, '1e3', 200),
  WORKER_MAX_CONCURRENT_ACTIVITIES: wholeNumber(1_000_000, 10, 'ten', 50),
  WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: wholeNumber(1_000_000, 5, '0', 20),
  LOG_LEVEL: {
    good: ['debug', 'debug'],
    bad: ['verbose', 'must be "fatal", "error", "warn", "info", "debug", "trace" or "silent", got "verbose"'],
    unset: undefined,
  },
};

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadEnvironment(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
}

describe('configuration schema', () => {
  it('has a case below for every variable it reads', () => {
    expect(documentedVariables().map((v) => v.name)).to.have.members(Object.keys(cases));
  });

  for (const [name, { good, bad, unset }] of Object.entries(cases) as Array<[VariableName, Case]>) {
    describe(name, () => {
      it(`reads ${JSON.stringify(good[0])}`, () => {
        expect(loadEnvironment({ [name]: good[0] })[name]).to.deep.equal(good[1]);
      });
      it(`defaults to ${JSON.stringify(unset)} when unset or blank`, () => {
        expect(loadEnvironment({})[name]).to.deep.equal(unset);
        expect(loadEnvironment({ [name]: '  ' })[name]).to.deep.equal(unset);
      });
      if (bad) {
        it(`refuses ${JSON.stringify(bad[0])}, naming the variable`, () => {
          const error = refusal({ [name]: bad[0] });
          expect(error.problems).to.have.length(1);
          expect(error.problems[0]?.variable).to.equal(name);
          expect(error.message).to.match(new RegExp(`^${name} `));
          expect(error.message).to.contain(bad[1]);
        });
      }
    });
  }

  it('says what is wrong in one line, as the processes print it', () => {
    expect(refusal({ PLANGATE_DOWNGRADE_TIMING: 'later' }).message).to.equal(
      'PLANGATE_DOWNGRADE_TIMING must be "immediate" or "period_end", got "later"',
    );
    const two = refusal({ PORT: 'x', PLANGATE_EXPIRE_AFTER: 'soon' });
    expect(two.message).to.not.contain('\n');
    expect(two.problems.map((p) => p.variable)).to.deep.equal(['PORT', 'PLANGATE_EXPIRE_AFTER']);
    expect(two.message).to.match(/^PORT must be a port number .*; PLANGATE_EXPIRE_AFTER must be a duration/);
  });

  it('never repeats a secret in its message', () => {
    for (const [name, value] of [
      ['PLANGATE_LINK_SECRET', 'not a secret!'],
      ['PLANGATE_LINK_SECRET', 'ab'.repeat(16)],
      ['DATABASE_URL', 'mysql://app:hunter2@db/billing'],
      ['DATABASE_URL', 'hunter2 is not a url'],
      ['SMTP_URL', 'http://mailer:hunter2@relay.example'],
    ] as const) {
      const error = refusal({ [name]: value });
      expect(error.message, value).to.contain(name);
      expect(error.message, value).to.not.contain(value.includes('hunter2') ? 'hunter2' : value);
    }
  });

  it('takes reminders only while they come before the expiry', () => {
    const env = loadEnvironment({ PLANGATE_REMIND_AFTER: '90s,3m', PLANGATE_EXPIRE_AFTER: '5m' });
    expect(env.PLANGATE_REMIND_AFTER).to.deep.equal([90_000, 180_000]);
    expect(loadEnvironment({ PLANGATE_REMIND_AFTER: 'none' }).PLANGATE_REMIND_AFTER).to.deep.equal([]);
    expect(refusal({ PLANGATE_REMIND_AFTER: '24h,8d' }).message).to.equal(
      'PLANGATE_REMIND_AFTER must all come before PLANGATE_EXPIRE_AFTER (7d), but 8d does not',
    );
    expect(
      refusal({ PLANGATE_REMIND_AFTER: '1h', PLANGATE_EXPIRE_AFTER: '1h' }).problems[0]?.variable,
    ).to.equal('PLANGATE_REMIND_AFTER');
    expect(refusal({ PLANGATE_REMIND_AFTER: '1h,1h' }).message).to.contain('must grow');
    expect(refusal({ PLANGATE_REMIND_AFTER: '1h,,2h' }).message).to.contain('separated by commas');
  });

  it('derives the SMTP URL and the public URL from the ports when they are unset', () => {
    const env = loadEnvironment({ SMTP_PORT: '2600', PORT: '4000' });
    expect(env.SMTP_URL).to.equal('smtp://127.0.0.1:2600');
    expect(env.PLANGATE_PUBLIC_URL).to.equal('http://localhost:4000');
  });

  it('reads one variable on its own for code that takes the raw environment', () => {
    expect(readVariable({}, 'PLANGATE_TASK_QUEUE')).to.equal('plangate');
    expect(readVariable({ PLANGATE_TASK_QUEUE: 'q' }, 'PLANGATE_TASK_QUEUE')).to.equal('q');
    expect(() => readVariable({ PORT: 'x' }, 'PORT')).to.throw(ConfigError, /^PORT must be a port number/);
  });
});

describe('configuration views', () => {
  it('gives every process the same data directory and store settings', () => {
    const env = loadEnvironment({ PLANGATE_DATA_DIR: 'data', PLANGATE_API_TOKEN: 't' });
    const dataDir = resolve('data');
    expect(workerSettings(env).dataDir).to.equal(dataDir);
    expect(webSettings(env).dataDir).to.equal(dataDir);
    expect(devSettings(env).dataDir).to.equal(dataDir);
    expect(workerSettings(env).store).to.deep.equal({ dataDir, poolMax: 10 });
  });

  it('builds the request policy the client hands to every new request', () => {
    const policy = requestPolicy(
      loadEnvironment({
        PLANGATE_DOWNGRADE_TIMING: 'period_end',
        PLANGATE_REMIND_AFTER: '90s',
        PLANGATE_EXPIRE_AFTER: '5m',
        PLANGATE_SUPPORT_REVIEW_TIMEOUT: '10m',
      }),
    );
    expect(policy).to.deep.equal({
      remindAfterMs: [90_000],
      expireAfterMs: 300_000,
      supportReviewTimeoutMs: 600_000,
      quote: { downgradeTiming: 'period_end' },
    });
    // Unset, it is the workflow's own default: setting nothing changes nothing.
    expect(withDefaults(requestPolicy(loadEnvironment({})))).to.deep.equal(
      withDefaults({ quote: { downgradeTiming: 'immediate' } }),
    );
    expect(requestPolicy(loadEnvironment({})).remindAfterMs).to.deep.equal(
      defaultRequestPolicy.remindAfterMs,
    );
  });

  it('lets `plangate web` start without a token only in development', () => {
    expect(() => webSettings(loadEnvironment({}))).to.throw(ConfigError, /^PLANGATE_API_TOKEN is not set\./);
    expect(webSettings(loadEnvironment({ PLANGATE_DEV: 'true' })).devToken).to.equal(true);
    const web = webSettings(loadEnvironment({ PLANGATE_API_TOKEN: 't', PLANGATE_API_RATE_LIMIT: '5' }));
    expect(web.rateLimit).to.deep.equal({ max: 5, timeWindowMs: 60_000 });
    expect(web.logLevel).to.equal('info');
    expect(devSettings(loadEnvironment({})).logLevel).to.equal('warn');
    expect(devSettings(loadEnvironment({})).apiToken).to.equal('dev-token');
  });
});

describe('configuration as doctor shows it', () => {
  it('lists every variable with its value or default, secrets redacted', () => {
    const raw = {
      PLANGATE_API_TOKEN: 'token-123',
      PLANGATE_LINK_SECRET: hexSecret,
      DATABASE_URL: 'postgres://app:pw-456@db:5432/billing',
      SMTP_URL: 'smtps://mailer:pw-789@relay.example:465',
      TEMPORAL_API_KEY: 'key-abc',
      PORT: '4000',
    };
    const { environment, problems } = inspectEnvironment(raw);
    const shown = effectiveConfiguration(raw, environment, problems);
    const byName = new Map(shown.variables.map((v) => [v.name, v]));
    expect([...byName.keys()]).to.deep.equal(documentedVariables().map((v) => v.name));
    const text = JSON.stringify(shown);
    for (const secret of ['token-123', hexSecret, 'pw-456', 'pw-789', 'key-abc'])
      expect(text).to.not.contain(secret);
    expect(byName.get('PLANGATE_API_TOKEN')).to.deep.include({ value: '***', source: 'environment' });
    expect(byName.get('DATABASE_URL')?.value).to.equal('postgres://app:***@db:5432/billing');
    expect(byName.get('PORT')).to.deep.include({ value: '4000', source: 'environment' });
    expect(byName.get('PLANGATE_PUBLIC_URL')).to.deep.include({
      value: 'http://localhost:4000',
      source: 'default',
    });
    expect(byName.get('PLANGATE_EXPIRE_AFTER')).to.deep.include({ value: '7d', source: 'default' });
    expect(byName.get('LOG_LEVEL')).to.deep.include({
      value: null,
      source: 'unset',
      whenUnset: 'info (warn in plangate dev)',
    });
    expect(byName.get('TEMPORAL_ADDRESS')?.readBy).to.equal('@temporalio/envconfig');
    expect(shown.requestPolicy.summary).to.equal(
      'downgrades immediate, reminders after 24h and 72h, expiry after 7d, support review within 14d',
    );
  });

  it('reports bad values and reads the rest as if they were unset', () => {
    const raw = { PLANGATE_DOWNGRADE_TIMING: 'later', PLANGATE_REMIND_AFTER: '8d', PORT: '4000' };
    const { environment, problems, usable } = inspectEnvironment(raw);
    expect(problems.map((p) => p.variable)).to.deep.equal([
      'PLANGATE_DOWNGRADE_TIMING',
      'PLANGATE_REMIND_AFTER',
    ]);
    expect(environment.PLANGATE_DOWNGRADE_TIMING).to.equal('immediate');
    expect(environment.PORT).to.equal(4000);
    expect(usable).to.deep.equal({ PORT: '4000' });
    const shown = effectiveConfiguration(raw, environment, problems);
    expect(shown.variables.find((v) => v.name === 'PLANGATE_DOWNGRADE_TIMING')).to.deep.include({
      value: 'later',
      source: 'invalid',
      problem: 'must be "immediate" or "period_end", got "later"',
    });
  });

  it('summarises the request policy in one line', () => {
    expect(
      describeRequestPolicy({
        remindAfterMs: [],
        expireAfterMs: 300_000,
        supportReviewTimeoutMs: 90_000,
        quote: { downgradeTiming: 'period_end' },
      }),
    ).to.equal('downgrades period_end, no reminders, expiry after 5m, support review within 90s');
  });
});

describe('durations', () => {
  it('reads a number and a unit, seconds to weeks', () => {
    expect(parseDuration('90s')).to.equal(90_000);
    expect(parseDuration('90m')).to.equal(90 * 60_000);
    expect(parseDuration(' 12h ')).to.equal(12 * HOUR);
    expect(parseDuration('2w')).to.equal(14 * DAY);
    for (const bad of ['', '3', 'd', '1.5h', '-1h', '3 days', '1y'])
      expect(parseDuration(bad), bad).to.equal(undefined);
  });

  it('writes them in the unit people use', () => {
    expect(
      [24 * HOUR, 72 * HOUR, 7 * DAY, 14 * DAY, 90_000, 120_000, 1500].map(formatDuration),
    ).to.deep.equal(['24h', '72h', '7d', '14d', '90s', '2m', '1500ms']);
  });
});
