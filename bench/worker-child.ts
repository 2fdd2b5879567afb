// The Plangate worker as its own process, so the bench measures its memory and CPU alone. It owns
// the (PGlite) store, seeds the bench accounts, and sends mail to the bench's SMTP sink.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openBillingStore } from '../activities/store/index.js';
import { createMailSender } from '../activities/mailer/index.js';
import { defaultCatalog } from '../activities/pricing/index.js';
import { createPlangateWorker } from '../worker/create-worker.js';
import { loadWorkflowCode } from '../worker/workflow-bundle.js';
import { seedBenchAccounts } from './seed-accounts.js';

const env = process.env;
Runtime.install({ logger: new DefaultLogger('WARN') });
const store = await openBillingStore({ databaseUrl: env.DATABASE_URL! });
await seedBenchAccounts(store, Number(env.BENCH_ACCOUNTS));
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await createPlangateWorker({
  connection,
  namespace: 'default',
  taskQueue: env.PLANGATE_TASK_QUEUE!,
  deps: {
    store,
    mail: createMailSender({
      smtpUrl: env.SMTP_URL!,
      from: 'Plangate <bench@bench.example>',
      store,
      publicMessageIdDomain: 'bench.example',
    }),
    catalog: defaultCatalog,
    links: { secret: Buffer.from(env.PLANGATE_LINK_SECRET!, 'hex'), publicUrl: env.PLANGATE_PUBLIC_URL! },
    supportEmail: 'support@bench.example',
  },
  workflowCode: await loadWorkflowCode(),
  maxCachedWorkflows: Number(env.WORKER_MAX_CACHED_WORKFLOWS || 1000),
});
process.once('SIGTERM', () => worker.shutdown());
process.stdout.write('READY\n');
await worker.run();
await connection.close();
await store.close();
