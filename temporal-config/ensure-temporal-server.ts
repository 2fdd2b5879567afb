// `npm run temporal:server`: finds or builds the Temporal server and its SQL tool (used by .ci/run)
// and prints where they are.
import { resolveTemporalServer, TemporalServerNotFoundError } from './temporal-server.js';

try {
  const tools = resolveTemporalServer({ allowGoInstall: true });
  console.log(`temporal-server    ${tools.server}`);
  console.log(`temporal-sql-tool  ${tools.sqlTool}`);
  console.log(`schemas            ${tools.schemaDir}`);
} catch (error) {
  console.error(error instanceof TemporalServerNotFoundError ? error.message : String(error));
  process.exit(1);
}
