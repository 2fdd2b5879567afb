// `plangate seed`: the demo data of docs/operations.md ("Demo data"), created only when it is not there yet.
import { Command } from 'commander';
import { withStore } from '../connect.js';
import { printJson, printLine } from '../output.js';

export function seedCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('seed')
    .description('create the demo data (account acme with olivia, bill, adam) if it is missing')
    .option('--json', 'print {"created": true|false} as JSON')
    .action(async (options: { json?: boolean }) => {
      const created = await withStore(env, async (store) => {
        await store.migrate();
        return store.seedDemoData();
      });
      if (options.json) printJson({ created });
      else
        printLine(
          created
            ? 'Created the demo data: account acme (owner olivia, billing admin bill, admin adam).'
            : 'The demo data is already there; nothing changed.',
        );
    });
}
