// `plangate dev` refuses taken ports before starting anything, and a crashed child stops the stack.
import { expect } from 'chai';
import { createServer, type Server } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect } from '../../temporal-config/dev-server.js';
import { cleanEnv, expectOneErrorLine, runCli } from './run-cli.js';
import { freeDevPorts, startDev, waitUntilServing } from './dev-stack.js';

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('plangate dev', function () {
  this.timeout(240_000);
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'plangate-dev-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const variable of ['PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'SMTP_PORT'] as const) {
    it(`names ${variable} when its port is taken, and starts nothing`, async () => {
      const ports = await freeDevPorts();
      const taken = await occupy(Number(ports[variable]));
      try {
        const result = await runCli(['dev'], cleanEnv({ ...ports, PLANGATE_DATA_DIR: dataDir }));
        expect(result.code).to.equal(1);
        expect(expectOneErrorLine(result)).to.equal(
          `plangate: Port ${ports[variable]} (${variable}) is in use; set ${variable} to another port`,
        );
        expect(await canConnect(Number(ports.TEMPORAL_PORT))).to.equal(variable === 'TEMPORAL_PORT');
      } finally {
        await new Promise((r) => taken.close(r));
      }
    });
  }

  it('refuses the same port for two services and a port that is not a number', async () => {
    const ports = await freeDevPorts();
    const same = await runCli(
      ['dev'],
      cleanEnv({ ...ports, SMTP_PORT: ports.PORT, PLANGATE_DATA_DIR: dataDir }),
    );
    expect(same.code).to.equal(1);
    expect(expectOneErrorLine(same)).to.contain('SMTP_PORT and PORT are both');
    const bad = await runCli(['dev'], cleanEnv({ ...ports, PORT: 'eighty', PLANGATE_DATA_DIR: dataDir }));
    expect(bad.code).to.equal(2);
    expect(expectOneErrorLine(bad)).to.contain('PORT must be a port number');
  });

  it('keeps other processes off its data directory, reports a crashed child and stops the whole stack', async () => {
    const ports = await freeDevPorts();
    const dev = startDev(cleanEnv({ ...ports, PLANGATE_DATA_DIR: dataDir }));
    try {
      await waitUntilServing(dev, ports.PORT);
      // The dev services hold the PGlite store and say so in the data directory.
      const servicesPid = Number((await readFile(join(dataDir, 'dev-stack.pid'), 'utf8')).trim());
      expect(servicesPid).to.be.greaterThan(0);
      // A second stack on the same data directory would open the same PGlite store: refused.
      const second = await runCli(
        ['dev'],
        cleanEnv({ ...(await freeDevPorts()), PLANGATE_DATA_DIR: dataDir }),
      );
      expect(second.code).to.equal(1);
      expect(expectOneErrorLine(second)).to.equal(
        `plangate: another dev stack (pid ${servicesPid}) runs on ${dataDir}; stop it, or set PLANGATE_DATA_DIR to another directory`,
      );
      const quote = await runCli(
        ['quote', 'acme', '--changes', '{"seats":6}'],
        cleanEnv({ PLANGATE_DATA_DIR: dataDir }),
      );
      expect(quote.code).to.equal(1);
      expect(expectOneErrorLine(quote)).to.contain('PGlite allows one process only');
      process.kill(servicesPid, 'SIGKILL');
      expect(await dev.exited).to.equal(1);
      expect(dev.output()).to.match(
        /dev services .* stopped unexpectedly \(signal SIGKILL\); stopping the rest/,
      );
      expect(await canConnect(Number(ports.TEMPORAL_PORT))).to.equal(false);
      expect(await canConnect(Number(ports.PORT))).to.equal(false);
    } finally {
      await dev.stop('SIGKILL');
    }
  });
});
