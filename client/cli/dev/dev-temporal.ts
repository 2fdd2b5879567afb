// `plangate dev-temporal` (internal): the Temporal dev server of `plangate dev`, persistent in
// <PLANGATE_DATA_DIR>/temporal.sqlite, as a child so that it has its own process group.
import { startDevServer } from '../../../temporal-config/dev-server.js';
import { devSettings } from '../../../config/settings.js';
import { devEnvironment } from './dev-config.js';
import { onStopRequest, reportReady } from './supervised-child.js';

export async function runDevTemporal(env: NodeJS.ProcessEnv): Promise<void> {
  const config = devSettings(devEnvironment(env));
  const server = await startDevServer({
    dataDir: config.dataDir,
    port: config.temporalPort,
    uiPort: config.temporalUiPort,
  });
  let stopping = false;
  onStopRequest(async () => {
    stopping = true;
    await server.stop();
    return 0;
  });
  void server.exited.then((code) => {
    if (stopping) return;
    process.stderr.write(
      `plangate: the Temporal dev server exited on its own (code ${code}); see ${config.dataDir}/temporal-server.log\n`,
    );
    process.exit(1);
  });
  reportReady({ address: server.address, uiUrl: server.uiUrl, dbFile: server.dbFile });
  // Stay alive until a stop request or the server's own exit ends the process.
  await new Promise<never>(() => undefined);
}
