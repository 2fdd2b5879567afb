// A plain-text table for terminals: left-aligned columns separated by two spaces, an upper-case
// header, no borders, so that `grep`/`awk` still work on the output.

export interface Column<Row> {
  header: string;
  value: (row: Row) => string;
  /** Right-align (numbers, money). */
  align?: 'left' | 'right';
}

export function formatTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const headers = columns.map((column) => column.header.toUpperCase());
  const widths = columns.map((_, i) =>
    Math.max(width(headers[i] ?? ''), ...cells.map((line) => width(line[i] ?? ''))),
  );
  const render = (line: string[]) =>
    line
      .map((cell, i) => {
        const pad = ' '.repeat((widths[i] ?? 0) - width(cell));
        return columns[i]?.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [render(headers), ...cells.map(render)].join('\n');
}

/** Label/value pairs, labels padded to one width: "Total   €12.00". */
export function formatPairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  const labelWidth = Math.max(0, ...pairs.map(([label]) => width(label)));
  return pairs.map(([label, value]) => `${label.padEnd(labelWidth)}  ${value}`.trimEnd()).join('\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

/** Characters as a terminal shows them (no combining marks or wide CJK in our data; good enough). */
function width(text: string): number {
  return [...text].length;
}
