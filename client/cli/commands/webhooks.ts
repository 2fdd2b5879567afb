// `plangate webhooks add|list|remove|rotate-secret|enable|deliveries|redeliver`: the host apps'
// webhook endpoints, straight in the store (like `plangate quote`), with the API's rules
// (client/webhook-endpoints.ts).
import { Command, InvalidArgumentError } from 'commander';
import type { BillingStore } from '../../../activities/store/types.js';
import type { WebhookEndpoints } from '../../webhook-endpoints.js';
import { CliError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import { parseDuration, parseInstant, parsePositiveInt } from '../option-parsers.js';

/** Opens the store, runs `use` with the endpoints on it, closes the store. Modules load on first use. */
async function withEndpoints<T>(env: NodeJS.ProcessEnv, use: (endpoints: WebhookEndpoints) => Promise<T>) {
  const [{ withStore }, { WebhookEndpoints }, { loadEnvironment }, { webhookSettings }] = await Promise.all([
    import('../connect.js'),
    import('../../webhook-endpoints.js'),
    import('../../../config/environment.js'),
    import('../../../config/settings.js'),
  ]);
  const settings = webhookSettings(loadEnvironment(env));
  return withStore(env, (store: BillingStore) => use(new WebhookEndpoints(store, settings)));
}

function parseEventList(value: string): string[] {
  const events = value
    .split(',')
    .map((event) => event.trim())
    .filter(Boolean);
  if (events.length === 0) throw new InvalidArgumentError('name at least one event type.');
  return events;
}

/** An ISO 8601 instant, or a duration meaning "that long ago" (90m, 12h, 3d, 2w). */
function parseSince(value: string): string {
  if (/^\d+\s*[mhdw]$/.test(value.trim())) return new Date(Date.now() - parseDuration(value)).toISOString();
  return parseInstant(value);
}

const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '-' : String(value);

export function webhooksCommand(env: NodeJS.ProcessEnv): Command {
  const webhooks = new Command('webhooks').description('webhook endpoints of host apps and their deliveries');

  webhooks
    .command('add')
    .description('register an endpoint; prints its signing secret (shown only now)')
    .argument('<url>', 'https URL of the receiver (http://127.0.0.1 or localhost only with PLANGATE_DEV=1)')
    .option('--events <types>', 'comma-separated event types (default: every type)', parseEventList)
    .option('--description <text>', 'what it is for')
    .option('--json', 'print JSON')
    .action(async (url: string, options: { events?: string[]; description?: string; json?: boolean }) => {
      const created = await withEndpoints(env, (endpoints) =>
        endpoints.add({
          url,
          ...(options.events ? { events: options.events } : {}),
          ...(options.description !== undefined ? { description: options.description } : {}),
        }),
      );
      if (options.json) return printJson(created);
      printLine(`Registered ${created.id} for ${created.url}`);
      printLine(`Events:  ${created.events?.join(', ') ?? 'all'}`);
      printLine(`Secret:  ${created.secret}`);
      printLine(
        'Keep the secret in the host app now: it is not shown again (rotate-secret makes a new one).',
      );
    });

  webhooks
    .command('list')
    .description('registered endpoints (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const list = await withEndpoints(env, (endpoints) => endpoints.list());
      if (options.json) return printJson(list);
      if (list.length === 0) return printLine('No webhook endpoints.');
      const { formatTable } = await import('../table.js');
      printLine(
        formatTable(list, [
          { header: 'id', value: (e) => e.id },
          { header: 'url', value: (e) => e.url },
          { header: 'events', value: (e) => e.events?.join(',') ?? 'all' },
          { header: 'state', value: (e) => (e.enabled ? 'enabled' : `disabled ${e.disabledAt ?? ''}`) },
          { header: 'failing since', value: (e) => dash(e.failingSince) },
          { header: 'description', value: (e) => dash(e.description) },
        ]),
      );
    });

  webhooks
    .command('remove')
    .description('delete an endpoint and its deliveries')
    .argument('<endpointId>')
    .action(async (id: string) => {
      await withEndpoints(env, (endpoints) => endpoints.remove(id));
      printLine(`Removed ${id}`);
    });

  webhooks
    .command('rotate-secret')
    .description('a new signing secret; the old one keeps signing for PLANGATE_WEBHOOK_SECRET_OVERLAP')
    .argument('<endpointId>')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      const rotated = await withEndpoints(env, (endpoints) => endpoints.rotateSecret(id));
      if (options.json) return printJson(rotated);
      printLine(`New secret for ${id}: ${rotated.secret}`);
      printLine(`The previous secret also signs until ${rotated.previousSecretExpiresAt}.`);
    });

  webhooks
    .command('enable')
    .description('turn a disabled endpoint back on (then redeliver what it missed)')
    .argument('<endpointId>')
    .action(async (id: string) => {
      await withEndpoints(env, (endpoints) => endpoints.enable(id));
      printLine(`Enabled ${id}`);
    });

  webhooks
    .command('deliveries')
    .description("an endpoint's deliveries, newest first")
    .argument('<endpointId>')
    .option('--limit <n>', 'at most this many', parsePositiveInt, 50)
    .option('--json', 'print JSON')
    .action(async (id: string, options: { limit: number; json?: boolean }) => {
      const list = await withEndpoints(env, (endpoints) =>
        endpoints.deliveries(id, { limit: options.limit }),
      );
      if (options.json) return printJson(list);
      if (list.length === 0) return printLine(`No deliveries for ${id}.`);
      const { formatTable } = await import('../table.js');
      printLine(
        formatTable(list, [
          { header: 'event', value: (d) => d.eventId },
          { header: 'type', value: (d) => d.type.replace(/^change_request\./, '') },
          { header: 'state', value: (d) => d.state },
          { header: 'attempts', value: (d) => String(d.attempts), align: 'right' },
          { header: 'last status', value: (d) => dash(d.lastStatus), align: 'right' },
          { header: 'last error', value: (d) => dash(d.lastError) },
          { header: 'latency ms', value: (d) => dash(d.latencyMs), align: 'right' },
          { header: 'next attempt', value: (d) => dash(d.nextAttemptAt) },
        ]),
      );
    });

  webhooks
    .command('redeliver')
    .description('send one event again, or every delivery that failed since a time')
    .argument('<endpointId>')
    .argument('[eventId]', 'the event to send again')
    .option(
      '--failed-since <when>',
      'instead: every delivery whose last attempt failed since then (ISO 8601, or 90m/12h/3d/2w ago)',
      parseSince,
    )
    .option('--json', 'print JSON')
    .action(
      async (id: string, eventId: string | undefined, options: { failedSince?: string; json?: boolean }) => {
        if (Boolean(eventId) === Boolean(options.failedSince))
          throw new CliError('name one event id, or --failed-since <when>', ExitCode.Usage);
        if (eventId) {
          const delivery = await withEndpoints(env, (endpoints) => endpoints.redeliver(id, eventId));
          if (options.json) return printJson(delivery);
          return printLine(`Queued ${delivery.eventId} for ${id} again`);
        }
        const result = await withEndpoints(env, (endpoints) =>
          endpoints.redeliverFailed(id, { since: options.failedSince }),
        );
        if (options.json) return printJson(result);
        printLine(`Queued ${result.redelivered} failed deliveries of ${id} since ${result.since} again`);
      },
    );

  return webhooks;
}
