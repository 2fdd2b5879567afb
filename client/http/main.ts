// `plangate web`: the web server process. Reads its settings from the environment (config/), opens the
// billing store (for the subscription view) and the Temporal client, and serves until SIGINT/SIGTERM.
import { loadLinkSecret } from '../../activities/mailer/index.js';
import type { DevSmtpSink } from '../../activities/mailer/index.js';
import { openBillingStore } from '../../activities/store/index.js';
import type { BillingStore } from '../../activities/store/types.js';
import { quoteSource } from '../../activities/quote-source.js';
import { loadCatalog } from '../../worker/dependencies.js';
import { loadEnvironment } from '../../config/environment.js';
import { DEV_API_TOKEN, webhookSettings, webSettings, type WebSettings } from '../../config/settings.js';
import { PlangateClient } from '../plangate-client.js';
import { startWebServer, type RunningWebServer } from './web-server.js';

export interface RunWebOptions {
  /** The dev stack runs the SMTP sink in-process: its mailbox appears at /dev/mail. */
  devMailbox?: DevSmtpSink;
  /** An open store to share (PGlite allows one process per data directory). */
  store?: BillingStore;
  /** Install SIGINT/SIGTERM handlers that close everything (default true). */
  handleSignals?: boolean;
  log?: (line: string) => void;
}

export interface RunningWeb extends RunningWebServer {
  config: WebSettings;
}

export async function runWeb(
  env: NodeJS.ProcessEnv = process.env,
  options: RunWebOptions = {},
): Promise<RunningWeb> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Before anything opens: a bad value stops the web server here, naming the variable.
  const environment = loadEnvironment(env);
  const config = webSettings(environment);
  const linkSecret = await loadLinkSecret({ secret: config.linkSecret, dataDir: config.dataDir });
  const catalog = await loadCatalog(config.catalogFile);
  const store = options.store ?? (await openBillingStore(config.store));
  const ownsStore = !options.store;
  let client: PlangateClient;
  try {
    // Every request started here carries the deployment's request policy (README, Configuration).
    client = await PlangateClient.connect(env, {
      policy: config.policy,
      quotes: quoteSource({ store, catalog, defaultApprovalPolicy: config.approvalPolicy }),
      requests: store,
    });
  } catch (error) {
    if (ownsStore) await store.close();
    throw error;
  }
  let web: RunningWebServer;
  try {
    web = await startWebServer({
      client,
      accounts: store,
      defaultApprovalPolicy: config.approvalPolicy,
      webhooks: webhookSettings(environment),
      catalog,
      linkSecret,
      apiToken: config.apiToken,
      publicUrl: config.publicUrl,
      port: config.port,
      host: config.host,
      logger: { level: config.logLevel },
      rateLimit: config.rateLimit,
      pageRateLimit: config.pageRateLimit,
      portalSessionTtlMs: config.portalSessionTtlMs,
      trustProxy: config.trustProxy,
      ...(options.devMailbox ? { devMailbox: options.devMailbox } : {}),
    });
  } catch (error) {
    await client.close();
    if (ownsStore) await store.close();
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await web.close();
      await client.close();
      if (ownsStore) await store.close();
    })();
    return closing;
  };
  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      log(`plangate web: ${signal}, shutting down`);
      close().then(
        () => {
          process.exitCode = 0;
        },
        (error: unknown) => {
          log(`plangate web: error while shutting down: ${(error as Error).message}`);
          process.exitCode = 1;
        },
      );
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  // The banner: what this process uses. The API token is printed only when it is the public dev one.
  log(
    [
      `plangate web listening on ${web.url}`,
      `  public URL (links in emails): ${config.publicUrl}`,
      `  API: ${config.publicUrl}/api/v1 (Authorization: Bearer ${config.devToken ? DEV_API_TOKEN : '<PLANGATE_API_TOKEN>'})`,
      ...(options.devMailbox ? [`  dev mailbox: ${config.publicUrl}/dev/mail`] : []),
      `  data directory: ${config.dataDir}`,
    ].join('\n'),
  );
  return { ...web, config, close };
}
