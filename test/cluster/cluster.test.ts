// The production topology under faults: two Temporal server nodes on PostgreSQL, two `plangate
// worker`, two `plangate web`, the store on a PostgreSQL server of its own. It starts once; each
// fault then strikes while two dozen life cycles over six accounts are in flight, and afterwards
// every request must have been applied exactly once with one confirmation per recipient, and no web
// server may have answered 5xx (a killed one cannot answer; the client's retry goes to the other).
import { expect } from 'chai';
import { expectExactlyOnce, LifecycleDriver } from './lifecycle-driver.js';
import { startClusterTopology, type ClusterTopology } from './topology.js';

const lanes = 6;
const perAccount = 4;

describe('production topology: 2 Temporal nodes, 2 workers, 2 web servers, PostgreSQL', function () {
  this.timeout(240_000);
  let topology: ClusterTopology;
  let phase = 0;
  /** Each fault gets six accounts of its own, so its checks see only its own requests. */
  const nextAccounts = () => {
    const first = phase++ * lanes;
    return Array.from({ length: lanes }, (_, i) => `bench-${first + i}`);
  };

  before(async function () {
    this.timeout(300_000);
    topology = await startClusterTopology({ accounts: 5 * lanes });
  });
  after(async function () {
    this.timeout(120_000);
    await topology?.stop();
  });

  it('spreads the life cycles over both web servers and applies each once', async () => {
    const driver = new LifecycleDriver(topology);
    const requests = await driver.run(nextAccounts(), 1);
    await expectExactlyOnce(topology, requests);
    for (const web of topology.webServers)
      expect(web.recentOutput(), web.name).to.contain('/change-requests');
  });

  it('loses nothing when a worker is SIGKILLed; the other carries on', async () => {
    const driver = new LifecycleDriver(topology);
    const running = driver.run(nextAccounts(), perAccount);
    const fault = async () => {
      await driver.submitted(lanes + 2);
      const [victim] = topology.workers;
      expect(await victim!.kill('SIGKILL')).to.equal(null);
      // The survivor alone completes life cycles (the victim's tasks time out and move to it).
      await driver.confirmed(driver.confirmedCount + lanes);
      await victim!.start();
    };
    const [requests] = await Promise.all([running, fault()]);
    await expectExactlyOnce(topology, requests);
  });

  it('loses nothing when a web server is SIGKILLed mid-request; calls retried on the other succeed', async () => {
    const driver = new LifecycleDriver(topology);
    const errorsBefore = topology.http.connectionErrors;
    const running = driver.run(nextAccounts(), perAccount);
    const fault = async () => {
      await driver.submitted(lanes + 2);
      const [victim] = topology.webServers;
      // Strike while it is serving a call, so a connection really breaks under a client.
      await victim!.waitForOutput(/^(?=.*"incoming request")(?=.*"\/api\/v1\/)/);
      await victim!.kill('SIGKILL');
      await driver.confirmed(driver.confirmedCount + lanes);
      await victim!.start();
    };
    const [requests] = await Promise.all([running, fault()]);
    await expectExactlyOnce(topology, requests);
    expect(topology.http.connectionErrors, 'connections broken by the kill').to.be.greaterThan(errorsBefore);
  });

  it('loses nothing when a Temporal server process is SIGKILLed and started again', async () => {
    const driver = new LifecycleDriver(topology);
    const running = driver.run(nextAccounts(), perAccount);
    const fault = async () => {
      await driver.submitted(lanes + 2);
      // Node 1 founded the ring; its shards move to node 2, which keeps accepting work alone.
      const [victim] = topology.cluster.nodes;
      await victim!.kill('SIGKILL');
      await driver.confirmed(driver.confirmedCount + lanes);
      await topology.cluster.restart(victim!);
    };
    const [requests] = await Promise.all([running, fault()]);
    await expectExactlyOnce(topology, requests);
  });

  it("loses nothing when the store's PostgreSQL stops and starts again", async () => {
    const driver = new LifecycleDriver(topology);
    const running = driver.run(nextAccounts(), perAccount);
    const fault = async () => {
      await driver.submitted(lanes + 2);
      const failed = Promise.race(
        topology.workers.map((worker) => worker.waitForOutput(/"Activity failed"/, 60_000)),
      );
      await topology.storeServer.stop();
      // Down until an activity has really failed against it, then back.
      await failed;
      await topology.storeServer.start();
    };
    const [requests] = await Promise.all([running, fault()]);
    await expectExactlyOnce(topology, requests);
  });
});
