// `plangate doctor`: is this machine configured to run Plangate? One line per check, then the
// configuration in force (every variable, secrets redacted) and the request policy.
import { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';

export function doctorCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('doctor')
    .description(
      'check settings, Temporal, search attributes, worker, store, SMTP, catalog and link secret; show the configuration',
    )
    .option('--json', 'print {"ok", "checks": [{name, ok, detail, fix?}], "configuration"} as JSON')
    .action(async (options: { json?: boolean }) => {
      const [{ runChecks }, { renderConfiguration }] = await Promise.all([
        import('../doctor/checks.js'),
        import('../doctor/effective-configuration.js'),
      ]);
      const { checks, configuration } = await runChecks(env);
      const ok = checks.every((c) => c.ok);
      if (options.json) {
        printJson({ ok, checks, configuration });
      } else {
        for (const c of checks) {
          printLine(`${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`);
          if (!c.ok && c.fix) printLine(`    fix: ${c.fix}`);
        }
        printLine(['', ...renderConfiguration(configuration)].join('\n'));
      }
      if (!ok) {
        const failed = checks.filter((c) => !c.ok).map((c) => c.name);
        throw new CliError(`${failed.length} check(s) failed: ${failed.join(', ')}`, ExitCode.Failed);
      }
    });
}
