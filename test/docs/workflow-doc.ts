// Reads the transitions table of docs/workflow.md, so that tests hold the code to the page users
// read (and the page to the code) instead of keeping a copy of the list of their own.
import { readFileSync } from 'node:fs';

export const workflowDocUrl = new URL('../../docs/workflow.md', import.meta.url);

export interface DocumentedMove {
  from: string;
  to: string;
  /** The table's line number in docs/workflow.md, for messages that say where to look. */
  line: number;
}

export function readWorkflowDoc(): string {
  return readFileSync(workflowDocUrl, 'utf8');
}

/**
 * The rows of the `| from | to | when |` table under "## Transitions", in order. A row whose first
 * two cells are not one backticked name each is an error naming its line: the table must stay
 * machine-readable.
 */
export function documentedMoves(markdown = readWorkflowDoc()): DocumentedMove[] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === '## Transitions');
  if (start < 0) throw new Error('docs/workflow.md has no "## Transitions" section');
  const moves: DocumentedMove[] = [];
  let header: string[] | undefined;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line.startsWith('## ')) break;
    if (!line.startsWith('|')) {
      if (header && moves.length > 0) break; // the table has ended
      continue;
    }
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((cell) => cell.trim());
    if (!header) {
      header = cells;
      if (cells.join(',') !== 'from,to,when')
        throw new Error(
          `docs/workflow.md:${index + 1}: the transitions table must have the columns from | to | when`,
        );
      continue;
    }
    if (/^[-: ]+$/.test(cells.join(''))) continue; // the separator row
    const [from, to] = cells.map((cell) => /^`([a-z_]+)`$/.exec(cell)?.[1]);
    if (!from || !to)
      throw new Error(`docs/workflow.md:${index + 1}: "from" and "to" must each be one state in backticks`);
    moves.push({ from, to, line: index + 1 });
  }
  if (moves.length === 0) throw new Error('docs/workflow.md: the "## Transitions" section has no table rows');
  return moves;
}
