// `plangate policy show|set`: an account's approval policy, read from and written to the store
// (like `plangate quote`, without Temporal). The rules are the API's (client/approval-settings.ts).
import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ApprovalMode, ApprovalPolicy } from '../../../activities/store/policy-types.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { parseJsonObject, parsePositiveInt } from '../option-parsers.js';

const modes: readonly ApprovalMode[] = ['any', 'all', 'quorum'];

function parseMode(value: string): ApprovalMode {
  if (!(modes as readonly string[]).includes(value))
    throw new InvalidArgumentError('must be any, all or quorum.');
  return value as ApprovalMode;
}

function parseUserList(value: string): string[] {
  return value
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}

interface SetOptions {
  file?: string;
  json?: Record<string, unknown>;
  mode?: ApprovalMode;
  quorum?: number;
  watchers?: string[];
}

export function policyCommand(env: NodeJS.ProcessEnv): Command {
  const policy = new Command('policy').description(
    "an account's approval policy: who must agree to a request",
  );

  policy
    .command('show')
    .description("the approval policy in force: the account's own, or the default (PLANGATE_APPROVAL_POLICY)")
    .argument('<accountId>')
    .option('--json', 'print the policy as JSON')
    .action(async (accountId: string, options: { json?: boolean }) => {
      const [{ loadEnvironment }, { readApprovalPolicy }, { withStore }] = await Promise.all([
        import('../../../config/environment.js'),
        import('../../approval-settings.js'),
        import('../connect.js'),
      ]);
      const defaultPolicy = loadEnvironment(env).PLANGATE_APPROVAL_POLICY;
      const view = await withStore(env, (store) => readApprovalPolicy(store, accountId, defaultPolicy));
      if (options.json) printJson(view);
      else printLine((await import('../render/approval-policy.js')).renderApprovalPolicy(accountId, view));
    });

  policy
    .command('set')
    .description(
      "stores the account's approval policy (requests already waiting keep theirs); --mode, --quorum and " +
        '--watchers change those fields of the policy in force and keep its stages',
    )
    .argument('<accountId>')
    .addOption(new Option('--file <path>', 'the policy as a JSON file').conflicts(['json', 'mode']))
    .addOption(
      new Option('--json <policy>', 'the policy as JSON, e.g. \'{"mode":"all"}\'')
        .argParser(parseJsonObject)
        .conflicts(['mode']),
    )
    .addOption(new Option('--mode <mode>', 'any, all or quorum').argParser(parseMode))
    .addOption(new Option('--quorum <n>', 'approvals needed with --mode quorum').argParser(parsePositiveInt))
    .addOption(
      new Option(
        '--watchers <userIds>',
        'comma-separated user ids told of each step ("" for none)',
      ).argParser(parseUserList),
    )
    .action(async (accountId: string, options: SetOptions) => {
      if ((options.quorum !== undefined || options.watchers !== undefined) && !options.mode)
        throw new CliError('--quorum and --watchers go with --mode', ExitCode.Usage);
      if (!options.file && !options.json && !options.mode)
        throw new CliError('give the policy with --file, --json or --mode', ExitCode.Usage);
      const [{ loadEnvironment }, settings, { withStore }] = await Promise.all([
        import('../../../config/environment.js'),
        import('../../approval-settings.js'),
        import('../connect.js'),
      ]);
      const fromFile = options.file ? await readPolicyFile(options.file) : undefined;
      const defaultPolicy = loadEnvironment(env).PLANGATE_APPROVAL_POLICY;
      const view = await withStore(env, async (store) => {
        let raw: unknown = fromFile ?? options.json;
        if (options.mode) {
          const { source: _source, ...inForce } = await settings.readApprovalPolicy(
            store,
            accountId,
            defaultPolicy,
          );
          raw = withMode(inForce, options);
        }
        return settings.writeApprovalPolicy(store, accountId, raw);
      });
      printLine(`Stored the approval policy of ${accountId}; requests already waiting keep theirs.\n`);
      printLine((await import('../render/approval-policy.js')).renderApprovalPolicy(accountId, view));
    });

  return policy;
}

/**
 * The policy in force with the mode (and quorum, watchers) of the options; its stages stay, and so
 * does its quorum when the mode stays quorum.
 */
function withMode(inForce: ApprovalPolicy, options: SetOptions): ApprovalPolicy {
  const { quorum: _quorum, watchers, ...rest } = inForce;
  const mode = options.mode ?? inForce.mode;
  const quorum = options.quorum ?? (mode === 'quorum' ? inForce.quorum : undefined);
  const nextWatchers = options.watchers ?? watchers;
  return {
    ...rest,
    mode,
    ...(quorum !== undefined ? { quorum } : {}),
    ...(nextWatchers && nextWatchers.length > 0 ? { watchers: nextWatchers } : {}),
  };
}

async function readPolicyFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `--file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      ExitCode.Usage,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(`--file ${path} is not JSON: ${(error as Error).message}`, ExitCode.Usage);
  }
}
