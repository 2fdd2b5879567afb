// `plangate dev`: the whole system on one machine. Checks the ports, starts the Temporal dev server
// and then the dev services (store, SMTP sink, worker, web) as two supervised children, prints the
// banner, and stops both in order on Ctrl-C / SIGTERM, or when either dies on its own.
import { CliError, ExitCode } from '../exit-codes.js';
import { banner } from './banner.js';
import { devSettings } from '../../../config/settings.js';
import { devEnvironment, devServicesEnv, namedPorts } from './dev-config.js';
import { devLockHolder } from './dev-lock.js';
import { assertPortsFree } from './ports.js';
import { describeExit, startChild, type SupervisedChild } from './supervised-child.js';

export async function runDev(env: NodeJS.ProcessEnv): Promise<void> {
  const config = devSettings(devEnvironment(env));
  const holder = devLockHolder(config.dataDir);
  if (holder !== undefined) {
    // Two stacks on one data directory would share the PGlite store and the Temporal SQLite file.
    throw new CliError(
      `another dev stack (pid ${holder}) runs on ${config.dataDir}; stop it, or set PLANGATE_DATA_DIR to another directory`,
      ExitCode.Failed,
    );
  }
  await assertPortsFree(namedPorts(config));
  const childEnv = devServicesEnv(env, config);

  const children: SupervisedChild[] = [];
  let stopping: Promise<void> | undefined;
  // Last started, first stopped: web and worker finish before Temporal goes away.
  const stopAll = () =>
    (stopping ??= (async () => {
      for (const child of [...children].reverse()) await child.stop();
    })());

  const interrupted = new Promise<string>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.once(signal, () => resolve(signal));
  });
  const say = (line: string) => process.stderr.write(`plangate dev: ${line}\n`);

  // Start-up, abandoned cleanly when interrupted or when a child fails on the way.
  const start = async () => {
    say(`starting the Temporal dev server on 127.0.0.1:${config.temporalPort} (data in ${config.dataDir})`);
    const temporal = startChild('the Temporal dev server', 'dev-temporal', childEnv);
    children.push(temporal);
    const temporalReady = await temporal.ready;
    if (stopping) throw new Error('interrupted');
    say('starting the store, SMTP sink, worker and web server');
    const services = startChild('the dev services (worker, web, SMTP sink)', 'dev-services', childEnv);
    children.push(services);
    const servicesReady = await services.ready;
    return { temporalAddress: String(temporalReady.address), services: servicesReady };
  };
  const started = await Promise.race([start(), interrupted.then((signal) => ({ signal }))]).catch(
    async (error: unknown) => {
      await stopAll();
      throw new CliError(`could not start: ${(error as Error).message}`, ExitCode.Failed);
    },
  );
  if ('signal' in started) {
    say(`${started.signal}: stopping`);
    await stopAll();
    return;
  }
  process.stdout.write(
    banner({
      config,
      temporalAddress: started.temporalAddress,
      store: String(started.services.store),
      seeded: started.services.seeded === true,
    }),
  );

  // Run until a signal, or until a child ends on its own (a crash: report it and stop the rest).
  const crashed = Promise.race(children.map((child) => child.exited.then((code) => ({ child, code }))));
  const outcome = await Promise.race([interrupted.then((signal) => ({ signal })), crashed]);
  if ('signal' in outcome) {
    say(`${outcome.signal}: stopping (the worker finishes what it is doing)`);
    await stopAll();
    say(`stopped; everything is kept in ${config.dataDir}`);
    return;
  }
  say(`${outcome.child.name} stopped unexpectedly (${describeExit(outcome.code)}); stopping the rest`);
  await stopAll();
  throw new CliError(`${outcome.child.name} crashed; see the output above`, ExitCode.Failed);
}
