import { readFile } from 'node:fs/promises';
import { defaultCatalog, parseCatalog } from '../activities/pricing/index.js';
import type { Catalog } from '../activities/pricing/types.js';
import { openBillingStore } from '../activities/store/index.js';
import { createMailSender, loadLinkSecret } from '../activities/mailer/index.js';
import type { ActivityDeps } from '../activities/deps.js';
import type { WorkerSettings } from '../config/settings.js';

export interface WorkerDependencies extends ActivityDeps {
  close(): Promise<void>;
}

/** Builds the real parts the activities use: the billing store, the SMTP sender, the catalog, the link key. */
export async function createWorkerDependencies(config: WorkerSettings): Promise<WorkerDependencies> {
  const catalog = await loadCatalog(config.catalogFile);
  const store = await openBillingStore(config.store);
  const mail = createMailSender({
    smtpUrl: config.smtpUrl,
    from: config.mailFrom,
    store,
    publicMessageIdDomain: new URL(config.publicUrl).hostname,
  });
  const secret = await loadLinkSecret({ secret: config.linkSecret, dataDir: config.dataDir });
  return {
    store,
    mail,
    catalog,
    links: { secret, publicUrl: config.publicUrl },
    supportEmail: config.supportEmail,
    defaultApprovalPolicy: config.approvalPolicy,
    async close() {
      mail.close();
      await store.close();
    },
  };
}

export async function loadCatalog(file: string | undefined): Promise<Catalog> {
  if (!file) return defaultCatalog;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`PLANGATE_CATALOG_FILE=${file}: ${(error as Error).message}`);
  }
  return parseCatalog(json);
}
