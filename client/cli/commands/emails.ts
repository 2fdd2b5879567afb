// `plangate emails resend`: the approvers lost the email; send the approval request again.
import { Command } from 'commander';
import { withClient } from '../connect.js';
import { parseSupportName } from '../option-parsers.js';
import { report } from './requests.js';

export function emailsCommand(env: NodeJS.ProcessEnv): Command {
  const emails = new Command('emails').description('emails of a change request');
  emails
    .command('resend')
    .description('send the approval emails of a pending request again')
    .argument('<accountId>')
    .argument('<requestId>')
    .requiredOption('--as <supportName>', 'your name, recorded as support:<name>', parseSupportName)
    .option('--json', 'print the resulting status view as JSON')
    .action(async (accountId: string, requestId: string, options: { as: string; json?: boolean }) => {
      const view = await withClient(env, (client) =>
        client.resendEmails(accountId, requestId, { by: `support:${options.as}`, channel: 'cli' }),
      );
      report(view, options.json, 'Resent the approval emails');
    });
  return emails;
}
