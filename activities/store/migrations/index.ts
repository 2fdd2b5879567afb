import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initial from './0001-initial.js';
import * as changeRequests from './0002-change-requests.js';
import * as requestEvents from './0003-request-events-and-webhooks.js';
import * as approvalPolicies from './0004-approval-policies.js';

/** Migrations live in code, not in files read at run time, so the built package carries them. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async (): Promise<Record<string, Migration>> => ({
    '0001_initial': initial,
    '0002_change_requests': changeRequests,
    '0003_request_events_and_webhooks': requestEvents,
    '0004_approval_policies': approvalPolicies,
  }),
};
