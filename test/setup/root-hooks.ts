// Shared resources for the whole mocha run. Each is started lazily by the first suite that asks
// for it and torn down once at the end, so a unit-only run never starts a Temporal server.
import { stopTestTemporal } from './temporal.js';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await stopTestTemporal();
  },
};
