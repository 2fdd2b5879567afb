// A real worker in its own process, for the SIGKILL tests. Its store pauses at one step of the apply
// (PLANGATE_FAULT_STEP: by default after the invoice insert, inside the transaction; `after_commit`
// once the change is committed) and says APPLYING on stdout, so the parent can kill it exactly there.
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { openBillingStore } from '../../activities/store/index.js';
import { createMailSender } from '../../activities/mailer/index.js';
import { defaultCatalog } from '../../activities/pricing/index.js';
import { createPlangateWorker } from '../../worker/create-worker.js';
import { loadWorkflowCode } from '../../worker/workflow-bundle.js';

const env = process.env;
Runtime.install({ logger: new DefaultLogger('ERROR') });
const store = await openBillingStore({
  databaseUrl: env.DATABASE_URL!,
  faultInjector: async (step: string) => {
    if (step !== (env.PLANGATE_FAULT_STEP ?? 'after_invoice_insert')) return;
    process.stdout.write('APPLYING\n');
    await new Promise((resolve) => setTimeout(resolve, 120_000));
  },
});
const connection = await NativeConnection.connect({ address: env.TEMPORAL_ADDRESS! });
const worker = await createPlangateWorker({
  connection,
  namespace: 'default',
  taskQueue: env.PLANGATE_TASK_QUEUE!,
  deps: {
    store,
    mail: createMailSender({
      smtpUrl: env.SMTP_URL!,
      from: 'Plangate <plangate@test.example>',
      store,
      publicMessageIdDomain: 'test.example',
    }),
    catalog: defaultCatalog,
    links: { secret: Buffer.from(env.PLANGATE_LINK_SECRET!, 'hex'), publicUrl: 'http://127.0.0.1:9' },
    supportEmail: 'support@test.example',
  },
  workflowCode: await loadWorkflowCode(),
});
process.stdout.write('READY\n');
await worker.run();
