// `npm run temporal`: a persistent dev server for local work, in the foreground until Ctrl-C.
import { loadEnvironment } from '../config/environment.js';
import { devSettings } from '../config/settings.js';
import { startDevServer } from './dev-server.js';
import { TemporalCliNotFoundError } from './temporal-cli.js';

try {
  // PLANGATE_DATA_DIR, TEMPORAL_PORT and TEMPORAL_UI_PORT, as `plangate dev` reads them.
  const { dataDir, temporalPort: port, temporalUiPort: uiPort } = devSettings(loadEnvironment());
  const server = await startDevServer({ dataDir, port, uiPort });
  console.log(`Temporal dev server on ${server.address} (data: ${server.dbFile})`);
  console.log(`Temporal Web UI: ${server.uiUrl}`);
  console.log('Ctrl-C stops it; the workflows stay in the SQLite file for the next start.');
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await server.exited;
  console.error(`Temporal dev server exited with code ${code}; see ${dataDir}/temporal-server.log`);
  process.exit(1);
} catch (error) {
  console.error(
    error instanceof TemporalCliNotFoundError ? error.message : `Cannot start Temporal: ${String(error)}`,
  );
  process.exit(1);
}
