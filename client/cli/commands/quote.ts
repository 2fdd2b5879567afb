// `plangate quote`: what a change would cost, without submitting it. The same preview as
// PlangateClient.quote and the quotes endpoint (client/quote-preview.ts): the workflow's own
// prepare step with `--as`, pricing only without it. Reads the store; no Temporal call.
import { Command } from 'commander';
import { printJson, printLine } from '../output.js';
import { parseInstant, parseJsonObject } from '../option-parsers.js';

export function quoteCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('quote')
    .description('price preview of a change, without submitting it')
    .argument('<accountId>')
    .requiredOption('--changes <json>', 'the change set, e.g. \'{"seats":8}\'', parseJsonObject)
    .option(
      '--as <userId>',
      "quote it as this member's submission would be (their role is checked; an owner's is direct)",
    )
    .option('--at <iso>', 'price it at this instant (default now)', parseInstant)
    .option('--json', 'print the quote as JSON')
    .action(
      async (
        accountId: string,
        options: { changes: Record<string, unknown>; as?: string; at?: string; json?: boolean },
      ) => {
        // Loaded here, not at start-up: pricing, the catalog and the store are only needed now.
        const [
          { previewQuote },
          { quoteSource },
          { loadCatalog },
          { withStore },
          { renderQuote },
          { loadEnvironment },
          { requestPolicy },
        ] = await Promise.all([
          import('../../quote-preview.js'),
          import('../../../activities/quote-source.js'),
          import('../../../worker/dependencies.js'),
          import('../connect.js'),
          import('../render/quote.js'),
          import('../../../config/environment.js'),
          import('../../../config/settings.js'),
        ]);
        const environment = loadEnvironment(env);
        const catalog = await loadCatalog(environment.PLANGATE_CATALOG_FILE);
        const { quote, accountName } = await withStore(env, async (store) => {
          const source = quoteSource({
            store,
            catalog,
            defaultApprovalPolicy: environment.PLANGATE_APPROVAL_POLICY,
          });
          // The deployment's quote policy, as the web server's client and the workflow use it.
          const quote = await previewQuote(
            source,
            {
              accountId,
              changes: options.changes,
              ...(options.as ? { requestedBy: options.as } : {}),
              ...(options.at ? { at: options.at } : {}),
            },
            requestPolicy(environment).quote,
          );
          // The quote found the account; its name is only for the heading.
          const snapshot = await store.loadAccount(accountId);
          return { quote, accountName: snapshot?.account.name ?? accountId };
        });
        if (options.json) {
          printJson(quote);
          return;
        }
        printLine(`Quote for ${accountName} (${accountId}), not submitted\n`);
        printLine(renderQuote(quote));
      },
    );
}
