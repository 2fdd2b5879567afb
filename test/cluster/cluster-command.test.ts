// `plangate cluster` as a user runs it: the built CLI starts two nodes with databases of its own,
// prints where they are, serves through its balancer, and stops on Ctrl-C; bad options and taken
// ports are refused before anything starts.
import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { dropDatabases } from '../../temporal-config/cluster/schema.js';
import { clusterDatabases } from '../../temporal-config/cluster/server-config.js';
import { resolveTemporalCli } from '../../temporal-config/temporal-cli.js';
import { resolveTemporalServer } from '../../temporal-config/temporal-server.js';
import { cleanEnv, cliPath, expectOneErrorLine, repoRoot, runCli } from '../cli/run-cli.js';
import { freeBasePort } from './topology.js';

const adminUrl = new URL(
  process.env.PLANGATE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
);
const databaseServer = {
  host: adminUrl.hostname,
  port: Number(adminUrl.port || 5432),
  user: decodeURIComponent(adminUrl.username || 'postgres'),
  password: decodeURIComponent(adminUrl.password),
};

describe('plangate cluster', function () {
  this.timeout(120_000);
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-cluster-cli-'));
    env = cleanEnv({
      PLANGATE_DATA_DIR: dataDir,
      TEMPORAL_DB_HOST: databaseServer.host,
      TEMPORAL_DB_PORT: String(databaseServer.port),
      TEMPORAL_DB_USER: databaseServer.user,
      TEMPORAL_DB_PASSWORD: databaseServer.password,
    });
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it('starts two nodes behind a balancer, prints how to use them, and stops on SIGINT', async () => {
    const goInstall = process.env.CI === 'true';
    const tools = resolveTemporalServer({ allowGoInstall: goInstall });
    const cli = resolveTemporalCli({ allowGoInstall: goInstall });
    if (cli.kind !== 'binary') throw new Error('unreachable');
    const prefix = `plangate_test_cli_${randomBytes(4).toString('hex')}`;
    const basePort = await freeBasePort(2);
    const child = spawn(
      process.execPath,
      [cliPath, 'cluster', '--nodes', '2', '--base-port', String(basePort), '--database-prefix', prefix],
      { env, cwd: repoRoot },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 90_000;
      while (!stdout.includes('Ctrl-C stops the nodes')) {
        if (child.exitCode !== null || Date.now() > deadline)
          throw new Error(`plangate cluster did not start:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const balancer = `127.0.0.1:${basePort}`;
      expect(stdout).to.contain(`node 1 frontend  127.0.0.1:${basePort + 10}`);
      expect(stdout).to.contain(`node 2 frontend  127.0.0.1:${basePort + 20}`);
      expect(stdout).to.contain(`export TEMPORAL_ADDRESS=${balancer}`);
      expect(stdout).to.contain(`databases ${prefix}_temporal, ${prefix}_visibility`);
      // The balancer serves the namespace with Plangate's search attributes.
      const { stdout: count } = await promisify(execFile)(cli.path, [
        'workflow',
        'count',
        '--address',
        balancer,
        '--namespace',
        'default',
        '--query',
        'RequestStatus = "applied"',
      ]);
      expect(count.trim()).to.equal('Total: 0');

      child.kill('SIGINT');
      expect(await exited).to.equal(0);
      expect(stderr).to.contain('stopped; the databases stay');
    } finally {
      child.kill('SIGKILL');
      await dropDatabases(tools, clusterDatabases(databaseServer, prefix)).catch(() => undefined);
    }
  });

  it('refuses a taken port and a bad database prefix before it starts anything', async () => {
    const basePort = await freeBasePort(1);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(basePort + 13, '127.0.0.1', resolve));
    try {
      const busy = await runCli(['cluster', '--nodes', '1', '--base-port', String(basePort)], env);
      expect(busy.code).to.equal(1);
      expect(expectOneErrorLine(busy)).to.contain(`Port ${basePort + 13} is in use`);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
    const bad = await runCli(['cluster', '--database-prefix', 'Bad-Name'], env);
    expect(bad.code).to.equal(2);
    expect(expectOneErrorLine(bad)).to.contain('--database-prefix');
  });
});
