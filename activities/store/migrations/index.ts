import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as requestEventsAndWebhooks from './0003-request-events-and-webhooks.js';

/** Migrations live in code, not in files read at run time, so the built package carries them. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '0001_initial': initial,
    '0003_request_events_and_webhooks': requestEventsAndWebhooks,
  }),
};
