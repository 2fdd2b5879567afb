// `plangate dev-services` (internal): the store, the SMTP sink, the worker and the web server of
// `plangate dev` in ONE process. PGlite (the embedded store) allows a single process, so the worker
// and the web server share one store here; production runs them apart on PostgreSQL.
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { pino } from 'pino';
import { runWeb } from '../../http/index.js';
import { openBillingStore } from '../../../activities/store/index.js';
import { createMailSender, loadLinkSecret, startDevSmtpSink } from '../../../activities/mailer/index.js';
import { loadTemporalConnectionConfig } from '../../../temporal-config/connection.js';
import { devSettings, storeKind, webhookSettings, workerSettings } from '../../../config/settings.js';
import { startWebhookDispatcher } from '../../../activities/webhooks/dispatcher.js';
import { loadCatalog } from '../../../worker/dependencies.js';
import { createPlangateWorker } from '../../../worker/create-worker.js';
import { loadWorkflowCode } from '../../../worker/workflow-bundle.js';
import { pinoTemporalLogger } from '../../../worker/temporal-logger.js';
import { devEnvironment } from './dev-config.js';
import { removeDevLock, writeDevLock } from './dev-lock.js';
import { onStopRequest, reportReady } from './supervised-child.js';

export async function runDevServices(env: NodeJS.ProcessEnv): Promise<void> {
  const environment = devEnvironment(env);
  const config = devSettings(environment);
  const workerConfig = workerSettings(environment);
  // Warnings and errors only: the banner should stay readable. LOG_LEVEL=info shows more.
  const logger = pino({ name: 'plangate-dev', level: config.logLevel });
  Runtime.install({
    logger: pinoTemporalLogger(logger),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
    shutdownSignals: [],
  });

  // Everything opened is closed again in reverse order, also when a later step fails.
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse())
      await close().catch((error: unknown) => logger.warn({ err: error }, 'close failed'));
    closers.length = 0;
  };
  let workerDone: Promise<void> | undefined;
  const trigger = onStopRequest(async (reason) => {
    logger.info({ reason }, 'stopping: web server, then the worker drains');
    await closeAll();
    return reason === 'worker failed' ? 1 : 0;
  });

  try {
    // Claimed before the store opens, so that no CLI command opens PGlite next to us.
    writeDevLock(config.dataDir);
    closers.push(async () => removeDevLock(config.dataDir));
    const store = await openBillingStore(workerConfig.store);
    closers.push(() => store.close());
    await store.migrate();
    const seeded = await store.seedDemoData();

    const sink = await startDevSmtpSink({ port: config.smtpPort });
    closers.push(() => sink.stop());
    const mail = createMailSender({
      smtpUrl: sink.url,
      from: workerConfig.mailFrom,
      store,
      publicMessageIdDomain: new URL(config.publicUrl).hostname,
    });
    closers.push(async () => mail.close());
    const linkSecret = await loadLinkSecret({ secret: workerConfig.linkSecret, dataDir: config.dataDir });
    const catalog = await loadCatalog(workerConfig.catalogFile);

    const temporal = loadTemporalConnectionConfig(env);
    const connection = await NativeConnection.connect(temporal.connectionOptions);
    closers.push(() => connection.close());
    const running = await createPlangateWorker({
      connection,
      namespace: temporal.namespace,
      taskQueue: workerConfig.taskQueue,
      deps: {
        store,
        mail,
        catalog,
        links: { secret: linkSecret, publicUrl: config.publicUrl },
        supportEmail: workerConfig.supportEmail,
        defaultApprovalPolicy: workerConfig.approvalPolicy,
      },
      workflowCode: await loadWorkflowCode(),
      maxCachedWorkflows: workerConfig.maxCachedWorkflows,
      maxConcurrentActivities: workerConfig.maxConcurrentActivities,
      maxConcurrentWorkflowTasks: workerConfig.maxConcurrentWorkflowTasks,
    });
    workerDone = running.run();
    // The worker drains (tasks in flight finish) before its connection and the store close.
    closers.push(async () => {
      if (running.getState() === 'RUNNING') running.shutdown();
      await workerDone;
    });
    workerDone.catch((error: unknown) => {
      logger.error({ err: error }, 'the worker failed');
      trigger('worker failed');
    });
    // Webhook deliveries, as in every worker process; stopped (attempts in flight finished) before
    // the worker drains and the store closes.
    const dispatcher = startWebhookDispatcher({
      store,
      config: webhookSettings(environment),
      logger: logger.child({ component: 'webhooks' }),
      mail,
      supportEmail: workerConfig.supportEmail,
    });
    closers.push(() => dispatcher.stop());

    // The production web server, handed the shared store and the sink's mailbox (/dev/mail).
    const web = await runWeb(env, {
      store,
      devMailbox: sink,
      handleSignals: false,
      log: (line) => logger.info(line),
    });
    // Stopped first (closers run in reverse): no new requests while the worker drains.
    closers.push(() => web.close());

    reportReady({
      webUrl: web.url,
      seeded,
      store: storeKind(environment),
    });
  } catch (error) {
    await closeAll();
    throw error;
  }
  await new Promise<never>(() => undefined);
}
