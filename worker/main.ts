// `plangate worker`: polls the task queue until SIGINT/SIGTERM, then drains and exits.
import { NativeConnection, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import { getHeapStatistics } from 'node:v8';
import { pino } from 'pino';
import { loadTemporalConnectionConfig } from '../temporal-config/connection.js';
import { loadEnvironment } from '../config/environment.js';
import { webhookSettings, workerSettings } from '../config/settings.js';
import { startWebhookDispatcher } from '../activities/webhooks/dispatcher.js';
import { createWorkerDependencies } from './dependencies.js';
import { createPlangateWorker } from './create-worker.js';
import { loadWorkflowCode } from './workflow-bundle.js';
import { pinoTemporalLogger } from './temporal-logger.js';

export async function runWorker(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  // Before anything starts: a bad value stops the worker here, naming the variable.
  const environment = loadEnvironment(env);
  const config = workerSettings(environment);
  const webhooks = webhookSettings(environment);
  const logger = pino({ name: 'plangate-worker', level: config.logLevel });
  // Forward the SDK's and the Rust core's logs into the same pino stream.
  Runtime.install({
    logger: pinoTemporalLogger(logger),
    telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: 'WARN' }) } },
    shutdownSignals: [],
  });
  const temporal = loadTemporalConnectionConfig(env);
  const deps = await createWorkerDependencies(config);
  const connection = await NativeConnection.connect(temporal.connectionOptions);
  const worker = await createPlangateWorker({
    connection,
    namespace: temporal.namespace,
    taskQueue: config.taskQueue,
    deps,
    workflowCode: await loadWorkflowCode(),
    maxCachedWorkflows: config.maxCachedWorkflows,
    maxConcurrentActivities: config.maxConcurrentActivities,
    maxConcurrentWorkflowTasks: config.maxConcurrentWorkflowTasks,
  });
  // Webhook deliveries run beside the worker, outside Temporal (no Actions), from the store.
  const dispatcher = startWebhookDispatcher({
    store: deps.store,
    config: webhooks,
    logger: logger.child({ component: 'webhooks' }),
    mail: deps.mail,
    supportEmail: deps.supportEmail,
  });
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing tasks in flight');
    worker.shutdown();
    void dispatcher.stop();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  logger.info(
    {
      address: temporal.connectionOptions.address,
      namespace: temporal.namespace,
      taskQueue: config.taskQueue,
      maxCachedWorkflows: config.maxCachedWorkflows,
      heapLimitMb,
    },
    'worker running',
  );
  if (heapLimitMb > 1024)
    logger.warn(
      { heapLimitMb },
      'V8 may let the workflow heap grow to this size before collecting; start workers with ' +
        'NODE_OPTIONS=--max-old-space-size=256 to keep memory flat while many requests wait (README, production)',
    );
  try {
    await worker.run();
  } finally {
    // Attempts in flight finish (each within PLANGATE_WEBHOOK_TIMEOUT) and are recorded.
    await dispatcher.stop();
    await connection.close();
    await deps.close();
    logger.info('worker stopped');
  }
}
