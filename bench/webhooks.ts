// Webhook delivery during the bench: one endpoint with a receiver in this process (verifying every
// signature, as a host app would); latency from each event's createdAt to its first receipt. Until
// the workflow emits events this records no deliveries, and the report says so (deliveries: 0,
// latencyMs: null) instead of inventing figures.
import type { BillingStore } from '../activities/store/types.js';
import { WebhookEndpoints } from '../client/webhook-endpoints.js';
import { startWebhookReceiver } from '../test/setup/webhook-receiver.js';
import { percentiles, type Percentiles } from './percentiles.js';

export interface WebhookFigures {
  endpoints: number;
  deliveries: number;
  latencyMs: Percentiles | null;
}

export async function startWebhookProbe(store: BillingStore) {
  const receiver = await startWebhookReceiver();
  const endpoints = new WebhookEndpoints(store, { allowLoopback: true, secretOverlapMs: 0 });
  const endpoint = await endpoints.add({ url: receiver.url, description: 'bench receiver' });
  receiver.secrets.push(endpoint.secret);
  return {
    figures(): WebhookFigures {
      const first = new Map<string, number>();
      for (const delivery of receiver.received) {
        if (!first.has(delivery.id))
          first.set(delivery.id, delivery.receivedAt - Date.parse(delivery.event.createdAt));
      }
      const samples = [...first.values()];
      return {
        endpoints: 1,
        deliveries: samples.length,
        latencyMs: samples.length > 0 ? percentiles(samples) : null,
      };
    },
    close: () => receiver.close(),
  };
}
