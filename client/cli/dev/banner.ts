// The start-up banner of `plangate dev`: where everything is, and one command to try it. The curl
// is also the first step of the README walkthrough (test/cli/newcomer.test.ts runs it from there).
import type { DevSettings } from '../../../config/settings.js';

export function demoCurl(config: Pick<DevSettings, 'port' | 'apiToken'>): string {
  return [
    `curl -s -X POST http://localhost:${config.port}/api/v1/accounts/acme/change-requests \\`,
    `  -H 'Authorization: Bearer ${config.apiToken}' -H 'Content-Type: application/json' \\`,
    `  -d '{"requestedBy":"adam","changes":{"seats":8}}'`,
  ].join('\n');
}

export interface BannerFacts {
  config: DevSettings;
  temporalAddress: string;
  store: string;
  seeded: boolean;
}

export function banner({ config, temporalAddress, store, seeded }: BannerFacts): string {
  const web = `http://localhost:${config.port}`;
  const rows: Array<[string, string]> = [
    ['Web + API', web],
    ['Dev mailbox', `${web}/dev/mail`],
    ['Temporal UI', `http://localhost:${config.temporalUiPort}`],
    ['Temporal', temporalAddress],
    ['SMTP sink', `smtp://127.0.0.1:${config.smtpPort}`],
    ['Data', config.dataDir],
    ['Store', store],
    ['API token', config.apiToken],
  ];
  if (config.publicUrl !== web) rows.splice(1, 0, ['Links to', config.publicUrl]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return [
    '',
    `Plangate is running${seeded ? ' (demo data created: account acme with olivia, bill and adam)' : ''}.`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    'Submit a demo change request (adam asks for 8 seats on account acme):',
    '',
    demoCurl(config)
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n'),
    '',
    `Then open ${web}/dev/mail and follow the approval link. Ctrl-C stops everything; the data stays in ${config.dataDir}.`,
    '',
  ].join('\n');
}
