// Runs the benchmark in its smallest form and checks the report's shape, never its speed.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

describe('bench: --quick --cluster report', function () {
  this.timeout(420_000);

  it('writes a JSON report with every figure the issue asks for', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plangate-bench-test-'));
    try {
      const out = join(dir, 'report.json');
      await promisify(execFile)(
        process.execPath,
        [
          '--import',
          'tsx',
          'bench/run.ts',
          '--quick',
          '--requests',
          '6',
          '--accounts',
          '2',
          '--pending',
          '4',
          '--cluster',
          '--out',
          out,
        ],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      const report = JSON.parse(await readFile(out, 'utf8')) as Record<string, unknown>;
      for (const field of [
        'throughputRatio',
        'lifecyclesPerSecond',
        'baselinePerSecond',
        'actionsPerApprovedRequest',
        'historyEventsPerRequest',
        'workerRssMb',
        'workerCpuSecondsPerRequest',
      ]) {
        expect(report[field], field).to.be.a('number').and.to.be.greaterThan(0);
      }
      // The server's bill beside the history's; status reads of a pending request cost nothing.
      const billed = report.billedActions as { total: number; byType: Record<string, number> };
      expect(billed.total).to.be.greaterThan(0);
      expect(billed.total).to.be.closeTo(
        Object.values(billed.byType).reduce((sum, n) => sum + n, 0),
        0.05,
      );
      expect(report.billedAgainstHistory).to.have.keys(['shared', 'disagreements', 'serverOnly']);
      expect(report.billedActionsPerStatusRead).to.be.a('number');
      const latency = report.latencyMs as Record<string, Record<string, number>>;
      for (const name of ['submit', 'approve', 'applied', 'confirmed']) {
        for (const p of ['p50', 'p95', 'p99'])
          expect(latency[name]?.[p], `${name}.${p}`).to.be.a('number').and.to.be.greaterThan(0);
      }
      const fixedRate = report.fixedRate as { arrivalsPerSecond: number; latencyMs: typeof latency };
      expect(fixedRate.arrivalsPerSecond).to.be.greaterThan(0);
      expect(fixedRate.latencyMs.confirmed?.p99).to.be.greaterThan(0);
      // A small pending run reports its own size; workerRssMbPending10k is only for --pending-10k.
      expect(report.workerRssMbPending).to.include({ requests: 4 });
      expect((report.workerRssMbPending as { rssMb: number }).rssMb).to.be.greaterThan(0);
      expect(report).not.to.have.property('workerRssMbPending10k');
      // One endpoint with a receiver; until the workflow emits events, honestly no deliveries.
      const webhooks = report.webhooks as { endpoints: number; deliveries: number; latencyMs: unknown };
      expect(webhooks.endpoints).to.equal(1);
      if (webhooks.deliveries === 0) expect(webhooks.latencyMs).to.equal(null);
      else expect(webhooks.latencyMs).to.have.keys(['p50', 'p95', 'p99']);
      expect(report.machine).to.have.property('cpus');
      expect(report.versions).to.have.property('temporalSdk');
      expect(report.versions)
        .to.have.property('temporalCli')
        .that.matches(/\d+\.\d+/);
      expect(report.parameters).to.include({ requests: 6, accounts: 2, pending: 4, cluster: true });
      // The same life cycles on the production topology, beside the dev-server figures.
      const cluster = report.cluster as Record<string, unknown> & { latencyMs: typeof latency };
      expect(cluster).to.include({ temporalNodes: 2, workers: 2, webServers: 2 });
      expect(cluster.lifecyclesPerSecond).to.be.a('number').and.to.be.greaterThan(0);
      expect(cluster.latencyMs.confirmed?.p99).to.be.greaterThan(0);
      for (const [name, seconds] of Object.entries(cluster.cpuSecondsPerRequest as Record<string, number>))
        expect(seconds, `cluster CPU of ${name}`).to.be.a('number').and.to.be.greaterThan(0);
      expect(Object.keys(cluster.cpuSecondsPerRequest as object)).to.have.members([
        'temporalServers',
        'workers',
        'webServers',
        'benchProcess',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
