import { Row } from '@lib/warehouse';

function cell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Rows as an aligned text table, the way `bq query` prints them. */
export function formatRowsAsTable(rows: readonly Row[]): string {
  if (rows.length === 0) return '(no rows)';
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cells = rows.map((row) => columns.map((column) => cell(row[column])));
  const widths = columns.map((column, index) => Math.max(column.length, ...cells.map((line) => line[index].length)));
  const line = (values: string[]) => `| ${values.map((value, index) => value.padEnd(widths[index])).join(' | ')} |`;
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  return [rule, line(columns), rule, ...cells.map(line), rule, `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}
