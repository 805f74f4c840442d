import { PartitionFilterMissingError } from '../warehouse.errors';
import { qualifiedName, TableDefinition } from '../tables/table-definition';
import { scanSql } from './sql-text.scanner';

/** SQL texts remembered as passing; the warehouse's statements are a fixed set of parameterized texts. */
const PASSED_TEXTS_KEPT = 1024;

interface GuardedTable {
  name: string;
  partitionColumn: string;
  mention: RegExp;
  insertTarget: RegExp;
  filter: RegExp;
}

/**
 * Refuses SQL that reads a partitioned table without naming its partition column after a WHERE or
 * ON, so an unfiltered full scan fails on a laptop the way BigQuery's requirePartitionFilter fails it
 * in production. A guard, not a parser: it looks for the table's qualified name (optionally
 * project-prefixed or backticked) outside literals and comments, and for the column name anywhere
 * after a WHERE/ON. It can be satisfied by a filter that does not prune (`OR TRUE`), and it ignores a
 * table that is only the target of an INSERT.
 */
export class PartitionFilterGuard {
  private readonly tables = new Map<string, GuardedTable>();
  /** SQL texts already checked and let through by the tables registered so far. */
  private readonly passed = new Set<string>();

  constructor(tables: readonly TableDefinition[] = []) {
    this.register(tables);
  }

  register(tables: readonly TableDefinition[]): void {
    // A table registered now may be one a text already let through reads unfiltered.
    this.passed.clear();
    for (const table of tables) {
      if (!table.partitionColumn) continue;
      const name = qualifiedName(table);
      const reference = `(?<![\\w.$-])(?:[\\w-]+\\.)?${escapeRegExp(name)}(?![\\w$])`;
      this.tables.set(name, {
        name,
        partitionColumn: table.partitionColumn,
        mention: new RegExp(reference, 'i'),
        insertTarget: new RegExp(`\\binsert\\s+(?:into\\s+)?${reference}`, 'gi'),
        filter: new RegExp(`\\b(?:where|on)\\b[\\s\\S]*(?<![\\w$])${escapeRegExp(table.partitionColumn)}(?![\\w$])`, 'i'),
      });
    }
  }

  /** Throws PartitionFilterMissingError naming the first partitioned table read without a partition filter. */
  check(sql: string): void {
    if (this.passed.has(sql)) return;
    const searchable = searchableText(sql);
    for (const table of this.tables.values()) {
      const read = searchable.replace(table.insertTarget, ' ');
      if (table.mention.test(read) && !table.filter.test(read)) {
        throw new PartitionFilterMissingError(table.name, table.partitionColumn, sql);
      }
    }
    if (this.passed.size >= PASSED_TEXTS_KEPT) this.passed.clear();
    this.passed.add(sql);
  }
}

/** Code with literals blanked and comments dropped; backticked identifiers keep their text (`project.dataset.table`). */
function searchableText(sql: string): string {
  return scanSql(sql)
    .map((segment) => {
      switch (segment.kind) {
        case 'code':
          return segment.text;
        case 'quoted-identifier':
          return segment.text.slice(1, -1);
        case 'string':
          return "''";
        case 'comment':
          return ' ';
      }
    })
    .join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
