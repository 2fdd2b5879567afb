// `plangate dev` and its two internal children (hidden from --help), loaded on demand.
import { Command } from 'commander';

export function devCommands(env: NodeJS.ProcessEnv): Command[] {
  return [
    new Command('dev')
      .description(
        'the whole system on this machine: Temporal dev server, store, SMTP sink, worker and web (npm start)',
      )
      .action(async () => (await import('../dev/supervisor.js')).runDev(env)),
    new Command('dev-temporal').action(async () =>
      (await import('../dev/dev-temporal.js')).runDevTemporal(env),
    ),
    new Command('dev-services').action(async () =>
      (await import('../dev/dev-services.js')).runDevServices(env),
    ),
  ];
}

export const hiddenCommands = new Set(['dev-temporal', 'dev-services']);
