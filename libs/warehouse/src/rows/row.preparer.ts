import { qualifiedName, TableDefinition } from '../tables/table-definition';
import { Row } from '../warehouse.interface';
import { InvalidRowError } from '../warehouse.errors';
import { describeAccepted, describeValue, toWireValue, WireValue } from './wire-value.converter';

export type WireRow = Record<string, WireValue>;

export interface PreparedRows {
  table: TableDefinition;
  /** One per natural key, every declared column present (absent optional columns are null). */
  rows: WireRow[];
  /** Distinct values of the partition column, sorted; empty for an unpartitioned table. */
  partitionDates: string[];
}

/**
 * Validates rows against the table declaration and converts them to wire values. Rows repeating a
 * natural key collapse to the last one, keeping the position of the first. A row is the whole row:
 * an optional column left out is written as NULL.
 */
export function prepareRows(table: TableDefinition, rows: readonly Row[]): PreparedRows {
  const name = qualifiedName(table);
  const declared = new Set(table.columns.map((column) => column.name));
  const byKey = new Map<string, WireRow>();

  rows.forEach((row, rowIndex) => {
    for (const column of Object.keys(row)) {
      if (!declared.has(column)) throw new InvalidRowError(name, column, rowIndex, 'is not declared by the table');
    }
    const wire: WireRow = {};
    for (const column of table.columns) {
      const value = row[column.name];
      if (value === undefined || value === null) {
        if (column.required) throw new InvalidRowError(name, column.name, rowIndex, 'is required but missing');
        wire[column.name] = null;
        continue;
      }
      const converted = toWireValue(value, column.type);
      if (converted === undefined) {
        const problem = `expects ${column.type} (${describeAccepted(column.type)}), got ${describeValue(value)}`;
        throw new InvalidRowError(name, column.name, rowIndex, problem);
      }
      wire[column.name] = converted;
    }
    byKey.set(JSON.stringify(table.naturalKey.map((column) => wire[column])), wire);
  });

  const prepared = [...byKey.values()];
  const partitionColumn = table.partitionColumn;
  const partitionDates = partitionColumn ? [...new Set(prepared.map((row) => String(row[partitionColumn])))].sort() : [];
  return { table, rows: prepared, partitionDates };
}
