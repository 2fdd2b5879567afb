// The start-up banner of `plangate dev`: where everything is, and the commands to try it. The curls
// are also the first steps of the README walkthrough (test/cli/newcomer.test.ts runs them from there).
import type { DevSettings } from '../../../config/settings.js';

/** A portal session for adam, as a host app would open one; prints only the link to click. */
export function portalCurl(config: Pick<DevSettings, 'port' | 'apiToken'>): string {
  return [
    `curl -s -X POST http://localhost:${config.port}/api/v1/accounts/acme/portal-sessions \\`,
    `  -H 'Authorization: Bearer ${config.apiToken}' -H 'Content-Type: application/json' \\`,
    `  -d '{"userId":"adam","locale":"en","returnUrl":"http://localhost:${config.port}/dev/mail"}' \\`,
    `  | node -pe "JSON.parse(require('fs').readFileSync(0, 'utf8')).url"`,
  ].join('\n');
}

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
    'Open the requester portal as adam (admin of account acme); this prints a link valid for an hour:',
    '',
    indent(portalCurl(config)),
    '',
    `Change seats or the plan there, preview the price and submit. Then open ${web}/dev/mail as the`,
    'owner and follow the approval link; the portal shows the request applied. Support sees it with',
    '`npx plangate requests list --account acme`. A host app can submit without the portal:',
    '',
    indent(demoCurl(config)),
    '',
    `Ctrl-C stops everything; the data stays in ${config.dataDir}.`,
    '',
  ].join('\n');
}

function indent(block: string): string {
  return block
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
