// The production entry points: each runs one long-lived part, configured only by the environment
// and temporal.toml (README "Configuration"). Loaded on demand: the support commands should neither
// pay for nor depend on the worker's native runtime and the web server.
import { Command } from 'commander';
import { loadEnvironment } from '../../../config/environment.js';
import { withStore } from '../connect.js';
import { printLine } from '../output.js';

export function serviceCommands(env: NodeJS.ProcessEnv): Command[] {
  return [
    new Command('worker')
      .description('run a worker until SIGINT/SIGTERM (then it drains and exits)')
      .action(async () => {
        const { runWorker } = await import('../../../worker/main.js');
        await runWorker(env);
      }),
    new Command('web')
      .description('run the HTTP API and approval pages until SIGINT/SIGTERM')
      .action(async () => {
        const { runWeb } = await import('../../http/index.js');
        // runWeb returns once it listens; this command lasts until a signal has closed the server.
        const web = await runWeb(env, { handleSignals: false });
        const signal = await new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        console.log(`plangate web: ${signal}, shutting down`);
        await web.close();
      }),
    new Command('migrate').description('bring the store schema up to date, then exit').action(async () => {
      await withStore(env, (store) => store.migrate());
      printLine(`The store is up to date (${loadEnvironment(env).DATABASE_URL ? 'PostgreSQL' : 'PGlite'}).`);
    }),
  ];
}
