// `plangate quote`: what a change would cost right now, without submitting anything. Prices it on
// the same path as a submission's prepare step (activities/quote-change.ts).
import { ApplicationFailure } from '@temporalio/common';
import { Command } from 'commander';
import { printJson, printLine } from '../output.js';
import { parseInstant, parseJsonObject } from '../option-parsers.js';

export function quoteCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('quote')
    .description('price preview of a change, without submitting it')
    .argument('<accountId>')
    .requiredOption('--changes <json>', 'the change set, e.g. \'{"seats":8}\'', parseJsonObject)
    .option('--at <iso>', 'price it at this instant (default now)', parseInstant)
    .option('--json', 'print the quote as JSON')
    .action(
      async (
        accountId: string,
        options: { changes: Record<string, unknown>; at?: string; json?: boolean },
      ) => {
        // Loaded here, not at start-up: pricing, the catalog and the store are only needed now.
        const [
          { quoteChange },
          { loadCatalog },
          { withStore },
          { renderQuote },
          { toPlangateError },
          { loadEnvironment },
          { requestPolicy },
        ] = await Promise.all([
          import('../../../activities/quote-change.js'),
          import('../../../worker/dependencies.js'),
          import('../connect.js'),
          import('../render/quote.js'),
          import('../../temporal-errors.js'),
          import('../../../config/environment.js'),
          import('../../../config/settings.js'),
        ]);
        const environment = loadEnvironment(env);
        const catalog = await loadCatalog(environment.PLANGATE_CATALOG_FILE);
        const at = options.at ?? new Date().toISOString();
        // The deployment's quote policy, as the workflow's prepare step uses it.
        const quotePolicy = requestPolicy(environment).quote;
        const { snapshot, quote } = await withStore(env, (store) =>
          quoteChange({ store, catalog }, { accountId, changes: options.changes, at, quotePolicy }),
        ).catch((error: unknown) => {
          // A refusal (unknown account, invalid change) reads like the API's; store trouble stays as it is.
          throw error instanceof ApplicationFailure ? toPlangateError(error) : error;
        });
        if (options.json) {
          printJson(quote);
          return;
        }
        printLine(`Quote for ${snapshot.account.name} (${accountId}), not submitted\n`);
        printLine(renderQuote(quote));
      },
    );
}
