// `npm run temporal:cli`: finds or builds the Temporal CLI and prints its path (used by .ci/run).
import { resolveTemporalCli, TemporalCliNotFoundError } from './temporal-cli.js';

try {
  const cli = resolveTemporalCli({ allowGoInstall: true });
  if (cli.kind !== 'binary') throw new TemporalCliNotFoundError('only the SDK download is left');
  console.log(cli.path);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
