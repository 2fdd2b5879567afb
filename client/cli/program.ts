// The `plangate` command tree. Commander reports usage errors through configureOutput (one line,
// "plangate: ...") and throws instead of exiting (exitOverride), so main.ts owns every exit code.
import { Command } from 'commander';
import { clusterCommand } from './commands/cluster.js';
import { devCommands, hiddenCommands } from './commands/dev.js';
import { delegationCommand } from './commands/delegation.js';
import { doctorCommand } from './commands/doctor.js';
import { emailsCommand } from './commands/emails.js';
import { policyCommand } from './commands/policy.js';
import { quoteCommand } from './commands/quote.js';
import { requestsCommand } from './commands/requests.js';
import { seedCommand } from './commands/seed.js';
import { serviceCommands } from './commands/services.js';
import { webhooksCommand } from './commands/webhooks.js';
import { packageVersion } from './version.js';

export function buildProgram(env: NodeJS.ProcessEnv): Command {
  const program = new Command('plangate')
    .description('Plangate: approval workflows for subscription change requests, on Temporal')
    .version(packageVersion(), '-V, --version')
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      outputError: (message, write) => write(`plangate: ${message.replace(/^error: /, '').trimEnd()}\n`),
    });
  const commands = [
    ...devCommands(env),
    ...serviceCommands(env),
    clusterCommand(env),
    requestsCommand(env),
    emailsCommand(env),
    quoteCommand(env),
    policyCommand(env),
    delegationCommand(env),
    webhooksCommand(env),
    seedCommand(env),
    doctorCommand(env),
  ];
  for (const command of commands) {
    program.addCommand(command, { hidden: hiddenCommands.has(command.name()) });
  }
  inheritErrorHandling(program);
  return program;
}

/** addCommand does not copy exitOverride/configureOutput to commands built on their own: do it here. */
function inheritErrorHandling(parent: Command): void {
  for (const child of parent.commands) {
    child.copyInheritedSettings(parent);
    inheritErrorHandling(child);
  }
}
