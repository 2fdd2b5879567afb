// `plangate delegation set|end|list`: who stands in for an approver while they are away, in the
// store (like `plangate quote`). Ending a running delegation sends the approval emails of a request
// still waiting again, through Temporal, so the approver has links of their own.
import { Command } from 'commander';
import type { PlangateClient } from '../../plangate-client.js';
import { printJson, printLine } from '../output.js';
import { parseInstant } from '../option-parsers.js';

export function delegationCommand(env: NodeJS.ProcessEnv): Command {
  const delegation = new Command('delegation').description(
    "an approver's stand-in: their links and reminders go to another member for a while",
  );

  delegation
    .command('set')
    .description(
      "sends <userId>'s approvals to --to from --from until --until (replaces an earlier delegation)",
    )
    .argument('<accountId>')
    .argument('<userId>', 'the approver who is away')
    .requiredOption('--to <delegate>', 'the member who decides on their behalf')
    .requiredOption('--from <iso>', 'start, an ISO 8601 instant', parseInstant)
    .requiredOption('--until <iso>', 'end (exclusive), at most 366 days after --from', parseInstant)
    .option('--json', 'print the delegation as JSON')
    .action(
      async (
        accountId: string,
        userId: string,
        options: { to: string; from: string; until: string; json?: boolean },
      ) => {
        const [{ loadEnvironment }, { writeDelegation }, { withStore }] = await Promise.all([
          import('../../../config/environment.js'),
          import('../../approval-settings.js'),
          import('../connect.js'),
        ]);
        const defaultPolicy = loadEnvironment(env).PLANGATE_APPROVAL_POLICY;
        const body = { delegateTo: options.to, from: options.from, until: options.until };
        const stored = await withStore(env, (store) =>
          writeDelegation(store, accountId, userId, body, defaultPolicy),
        );
        if (options.json) printJson(stored);
        else
          printLine(
            `${userId}'s approvals go to ${stored.delegateTo} from ${stored.from} until ${stored.until}`,
          );
      },
    );

  delegation
    .command('end')
    .description("ends <userId>'s delegation now; a request waiting for approval sends them fresh links")
    .argument('<accountId>')
    .argument('<userId>')
    .action(async (accountId: string, userId: string) => {
      const [{ endDelegation }, { withStore }] = await Promise.all([
        import('../../approval-settings.js'),
        import('../connect.js'),
      ]);
      // Temporal only when there are links to renew.
      let client: PlangateClient | undefined;
      const connect = async () => {
        const { PlangateClient } = await import('../../plangate-client.js');
        return (client ??= await PlangateClient.connect(env));
      };
      try {
        const { ended, resentRequestId } = await withStore(env, (store) =>
          endDelegation(
            store,
            {
              openRequestId: async (id) => (await connect()).openRequestId(id),
              resendEmails: async (id, requestId, input) =>
                (await connect()).resendEmails(id, requestId, input),
            },
            accountId,
            userId,
            'cli',
          ),
        );
        if (!ended) printLine(`${userId} has no delegation`);
        else
          printLine(
            `Ended ${userId}'s delegation to ${ended.delegateTo}` +
              (resentRequestId ? `; sent the approval emails of ${resentRequestId} again` : ''),
          );
      } finally {
        await client?.close().catch(() => undefined);
      }
    });

  delegation
    .command('list')
    .description("the account's delegations: running, upcoming and over")
    .argument('<accountId>')
    .option('--json', 'print JSON')
    .action(async (accountId: string, options: { json?: boolean }) => {
      const [{ readDelegations }, { withStore }] = await Promise.all([
        import('../../approval-settings.js'),
        import('../connect.js'),
      ]);
      const list = await withStore(env, (store) => readDelegations(store, accountId));
      if (options.json) printJson(list);
      else printLine((await import('../render/approval-policy.js')).renderDelegations(list));
    });

  return delegation;
}
