// The README's Configuration table, from the schema's docs: test/config/readme-table.test.ts checks
// the README against it. After changing a variable, rewrite the table and format it:
//   npx tsx config/readme-table.ts --write && npx prettier --write README.md
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentedVariables, familyDocs } from './environment.js';

export const README_TABLE_MARKER = '<!-- configuration:table (generated from config/environment.ts) -->';

export interface ReadmeRow {
  variable: string;
  default: string;
  meaning: string;
}

/** One row per variable, one per family (TEMPORAL_TLS_*), in schema order. */
export function readmeRows(): ReadmeRow[] {
  const rows: ReadmeRow[] = [];
  for (const { name, doc } of documentedVariables()) {
    if (doc.family) {
      const family = familyDocs[doc.family];
      if (!family) throw new Error(`${name}: family ${doc.family} has no docs`);
      if (!rows.some((row) => row.variable === doc.family)) rows.push({ variable: doc.family, ...family });
      continue;
    }
    const shownDefault = doc.default ?? (doc.fallback !== undefined ? `\`${doc.fallback}\`` : 'unset');
    rows.push({ variable: name, default: shownDefault, meaning: doc.meaning });
  }
  return rows;
}

export function renderReadmeTable(): string {
  return [
    '| Variable | Default | Meaning |',
    '| --- | --- | --- |',
    ...readmeRows().map((row) => `| \`${row.variable}\` | ${row.default} | ${row.meaning} |`),
  ].join('\n');
}

/** The table that follows the marker, as rows of trimmed cells (Prettier pads them). */
export function tableAfterMarker(markdown: string): ReadmeRow[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(README_TABLE_MARKER);
  if (start < 0) throw new Error(`no "${README_TABLE_MARKER}" line`);
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0 || line.trim() !== '') break;
  }
  return table.slice(2).map((line) => {
    const [variable = '', shownDefault = '', meaning = ''] = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim());
    return { variable: variable.replace(/^`|`$/g, ''), default: shownDefault, meaning };
  });
}

function replaceTable(markdown: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(README_TABLE_MARKER);
  if (start < 0) throw new Error(`no "${README_TABLE_MARKER}" line`);
  let end = start + 1;
  while (lines[end]?.trim() === '') end++;
  while (lines[end]?.startsWith('|')) end++;
  return [...lines.slice(0, start + 1), '', renderReadmeTable(), ...lines.slice(end)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--write')) {
    const readme = fileURLToPath(new URL('../README.md', import.meta.url));
    writeFileSync(readme, replaceTable(readFileSync(readme, 'utf8')));
  } else {
    process.stdout.write(`${renderReadmeTable()}\n`);
  }
}
