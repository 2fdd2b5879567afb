// `plangate requests list|show|review|cancel`: support's view of change requests. Reads come from
// the store's read model where the CLI can open the store; reviews and cancellations are Updates.
import { Command, Option } from 'commander';
import type { RequestStatusView } from '../../../workflows/messages.js';
import { withClient } from '../connect.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { parseDuration, parsePositiveInt, parseState, parseSupportName } from '../option-parsers.js';

export function requestsCommand(env: NodeJS.ProcessEnv): Command {
  const requests = new Command('requests').description('find, read, review and cancel change requests');

  requests
    .command('list')
    .description('change requests, newest first')
    .option('--account <accountId>', 'only this account')
    .option('--status <state>', 'only requests in this state', parseState)
    .option(
      '--older-than <duration>',
      'only requests submitted longer ago than this (90s, 90m, 12h, 3d, 2w)',
      parseDuration,
    )
    .option('--limit <n>', 'at most this many', parsePositiveInt, 50)
    .option('--json', 'print JSON')
    .action(
      async (options: {
        account?: string;
        status?: ReturnType<typeof parseState>;
        olderThan?: number;
        limit: number;
        json?: boolean;
      }) => {
        const list = await withClient(
          env,
          (client) =>
            client.listRequests({
              ...(options.account ? { accountId: options.account } : {}),
              ...(options.status ? { status: options.status } : {}),
              ...(options.olderThan ? { submittedBefore: new Date(Date.now() - options.olderThan) } : {}),
              limit: options.limit,
            }),
          { reads: true },
        );
        if (options.json) printJson(list);
        else printLine((await import('../render/request.js')).renderRequestList(list));
      },
    );

  requests
    .command('show')
    .description('one request: quote, decisions, outcome and the full timeline')
    .argument('<accountId>')
    .argument('<requestId>')
    .option('--json', 'print the status view as JSON')
    .action(async (accountId: string, requestId: string, options: { json?: boolean }) => {
      const view = await withClient(env, (client) => client.getStatus(accountId, requestId), { reads: true });
      if (options.json) printJson(view);
      else printLine((await import('../render/request.js')).renderRequest(view));
    });

  requests
    .command('review')
    .description('support review of a request waiting for it (downgrades, contact-limit decreases)')
    .argument('<accountId>')
    .argument('<requestId>')
    .addOption(new Option('--approve', 'approve the change').conflicts('reject'))
    .addOption(new Option('--reject', 'reject the change (needs --reason)').conflicts('approve'))
    .option('--reason <text>', 'why (shown to the requester; required with --reject)')
    .requiredOption('--as <supportName>', 'your name, recorded as support:<name>', parseSupportName)
    .option('--json', 'print the resulting status view as JSON')
    .action(
      async (
        accountId: string,
        requestId: string,
        options: { approve?: boolean; reject?: boolean; reason?: string; as: string; json?: boolean },
      ) => {
        if (!options.approve && !options.reject) {
          throw new CliError('say --approve or --reject', ExitCode.Usage);
        }
        if (options.reject && !options.reason?.trim()) {
          throw new CliError('a rejection needs --reason', ExitCode.Usage);
        }
        const view = await withClient(env, (client) =>
          client.review(accountId, requestId, {
            reviewer: options.as,
            decision: options.approve ? 'approve' : 'reject',
            ...(options.reason ? { reason: options.reason } : {}),
          }),
        );
        report(view, options.json, options.approve ? 'Approved' : 'Rejected');
      },
    );

  requests
    .command('cancel')
    .description('cancel an open request on behalf of the customer (recorded with channel cli)')
    .argument('<accountId>')
    .argument('<requestId>')
    .requiredOption('--as <supportName>', 'your name, recorded as support:<name>', parseSupportName)
    .option('--reason <text>', 'why')
    .option('--json', 'print the resulting status view as JSON')
    .action(
      async (
        accountId: string,
        requestId: string,
        options: { as: string; reason?: string; json?: boolean },
      ) => {
        const view = await withClient(env, (client) =>
          client.cancel(accountId, requestId, {
            support: options.as,
            channel: 'cli',
            ...(options.reason ? { reason: options.reason } : {}),
          }),
        );
        report(view, options.json, 'Cancelled');
      },
    );

  return requests;
}

/** What an Update returned: the JSON view, or one line saying where the request stands now. */
export function report(view: RequestStatusView, json: boolean | undefined, done: string): void {
  if (json) printJson(view);
  else printLine(`${done}: request ${view.requestId} of ${view.accountId} is now ${view.state}.`);
}
