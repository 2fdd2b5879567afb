// `plangate doctor`: is this machine configured to run Plangate? One line per check.
import { Command } from 'commander';
import { CliError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';

export function doctorCommand(env: NodeJS.ProcessEnv): Command {
  return new Command('doctor')
    .description('check Temporal, search attributes, worker, store, SMTP, catalog and link secret')
    .option('--json', 'print {"ok", "checks": [{name, ok, detail, fix?}]} as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runChecks } = await import('../doctor/checks.js');
      const checks = await runChecks(env);
      const ok = checks.every((c) => c.ok);
      if (options.json) {
        printJson({ ok, checks });
      } else {
        for (const c of checks) {
          printLine(`${c.ok ? '✔' : '✘'} ${c.name}: ${c.detail}`);
          if (!c.ok && c.fix) printLine(`    fix: ${c.fix}`);
        }
      }
      if (!ok) {
        const failed = checks.filter((c) => !c.ok).map((c) => c.name);
        throw new CliError(`${failed.length} check(s) failed: ${failed.join(', ')}`, ExitCode.Failed);
      }
    });
}
