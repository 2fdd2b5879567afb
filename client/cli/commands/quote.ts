// `plangate quote`: what a change would cost right now, without submitting anything. Reads the
// account from the store and prices the change with the same pricing module the workflow uses.
import { Command } from 'commander';
import { PlangateError } from '../../plangate-error.js';
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
          { quote },
          { parseChangeSet },
          { inCurrentPeriod },
          { loadCatalog },
          { withStore },
          { renderQuote },
          { loadEnvironment },
          { requestPolicy },
        ] = await Promise.all([
          import('../../../activities/pricing/index.js'),
          import('../../../activities/change-set-schema.js'),
          import('../../../activities/prepare-request.js'),
          import('../../../worker/dependencies.js'),
          import('../connect.js'),
          import('../render/quote.js'),
          import('../../../config/environment.js'),
          import('../../../config/settings.js'),
        ]);
        const environment = loadEnvironment(env);
        const changes = parseChangeSet(options.changes);
        if (!changes.ok) {
          throw new PlangateError('INVALID_CHANGE', 400, 'The change is not valid', {
            problems: changes.problems,
          });
        }
        const catalog = await loadCatalog(environment.PLANGATE_CATALOG_FILE);
        const snapshot = await withStore(env, (store) => store.loadAccount(accountId));
        if (!snapshot) throw new PlangateError('UNKNOWN_ACCOUNT', 404, `Unknown account ${accountId}`);
        const subscription = snapshot.subscriptions[0];
        if (!subscription) {
          throw new PlangateError('NO_SUBSCRIPTION', 404, `Account ${accountId} has no subscription`);
        }
        const at = options.at ?? new Date().toISOString();
        let priced;
        try {
          // The same inputs as the workflow's prepare step (the deployment's quote policy), so the
          // preview matches what a submission would be quoted.
          priced = quote({
            policy: requestPolicy(environment).quote,
            catalog,
            customer: { country: snapshot.account.country, vatId: snapshot.account.vatId },
            subscription: inCurrentPeriod(subscription, at),
            subscribedProducts: snapshot.subscriptions.map((s) => s.product),
            change: changes.value,
            at,
          });
        } catch (error) {
          const problems = (error as { problems?: Array<{ field: string; message: string }> }).problems;
          throw new PlangateError(
            'INVALID_CHANGE',
            400,
            (error as Error).message,
            problems ? { problems } : {},
          );
        }
        if (options.json) {
          printJson(priced);
          return;
        }
        printLine(`Quote for ${snapshot.account.name} (${accountId}), not submitted\n`);
        printLine(renderQuote(priced));
      },
    );
}
