import { ALL_TABLES, qualifiedName, TableDefinition, Warehouse } from '@lib/warehouse';

/** The datasets whose rows are the pipeline's output: what two runs of the same dates must agree on. */
const COMPARED_DATASETS = ['nba_raw', 'nba_analytics', 'nba_precompute', 'nba_predictions'];

/**
 * Columns that say when, in which run, or from which stored payload a row was written, never what
 * it holds: two runs of the same input legitimately differ in them.
 */
const LINEAGE_COLUMNS = new Set(['run_id', 'processed_at', 'created_at', 'superseded_at', 'graded_at', 'fetched_at', 'source_path', 'scrape_run_id', 'correlation_id']);

/**
 * Columns that say where a row came from and how much it can be trusted. A chaos run that healed a
 * game from a fallback source holds the same numbers as a clean run, labelled by the source they
 * came from: those differences are reported apart, as provenance, not as wrong data.
 */
export const PROVENANCE_COLUMNS = new Set([
  'primary_source',
  'sources_available',
  'quality_tier',
  'quality_flags',
  'history_tier',
  'upstream_tier',
  'feature_quality_score',
  'confidence',
  'prediction_id',
]);

export interface TableSnapshot {
  table: string;
  /** Natural key → the row's value columns (lineage left out), as canonical JSON. */
  values: Map<string, string>;
  /** Natural key → the provenance columns only. */
  provenance: Map<string, string>;
}

export interface TableComparison {
  table: string;
  clean_rows: number;
  rows: number;
  /** Keys the clean run has and this run does not. */
  missing: number;
  /** Keys this run has and the clean run does not (for raw tables: payloads fetched from a fallback). */
  extra: number;
  /** Keys both have, with different values. */
  different: number;
  /** Keys both have, same values, different provenance (a fallback source stood in). */
  provenance_only: number;
  equal: boolean;
}

export function comparedTables(): TableDefinition[] {
  return ALL_TABLES.filter((table) => COMPARED_DATASETS.includes(table.dataset) && table.partitionColumn === 'game_date');
}

/** Every compared table's rows for the dates, keyed by natural key; predictions only where active. */
export async function snapshotTables(warehouse: Warehouse, from: string, to: string): Promise<TableSnapshot[]> {
  const snapshots: TableSnapshot[] = [];
  for (const table of comparedTables()) {
    const active = table.columns.some((column) => column.name === 'is_active') ? ' AND is_active' : '';
    const rows = await warehouse.query(`SELECT * FROM ${qualifiedName(table)} WHERE game_date BETWEEN @from AND @to${active}`, { from, to });
    const key = table.naturalKey.filter((column) => !LINEAGE_COLUMNS.has(column) && !PROVENANCE_COLUMNS.has(column));
    const valueColumns = table.columns.map((column) => column.name).filter((name) => !LINEAGE_COLUMNS.has(name) && !PROVENANCE_COLUMNS.has(name) && !key.includes(name));
    const provenanceColumns = table.columns.map((column) => column.name).filter((name) => PROVENANCE_COLUMNS.has(name));
    // predictions are keyed by a content hash: identify them by what they are about instead
    const identity = table.naturalKey.some((column) => PROVENANCE_COLUMNS.has(column)) ? ['game_date', 'game_id', 'player_lookup', 'system_id'] : key;
    const values = new Map<string, string>();
    const provenance = new Map<string, string>();
    for (const row of rows) {
      const id = canonical(identity.map((column) => row[column]));
      values.set(id, canonical(valueColumns.filter((column) => !identity.includes(column)).map((column) => [column, row[column]])));
      provenance.set(id, canonical(provenanceColumns.map((column) => [column, row[column]])));
    }
    snapshots.push({ table: qualifiedName(table), values, provenance });
  }
  return snapshots;
}

/**
 * This run's tables against the clean run's. Derived tables must hold exactly the clean run's keys
 * and values; a raw table may hold more (payloads a fallback source answered), never less or other.
 */
export function compareSnapshots(clean: TableSnapshot[], run: TableSnapshot[]): TableComparison[] {
  return clean.map((cleanTable) => {
    const runTable = run.find((candidate) => candidate.table === cleanTable.table) ?? { table: cleanTable.table, values: new Map(), provenance: new Map() };
    let missing = 0;
    let different = 0;
    let provenanceOnly = 0;
    for (const [key, value] of cleanTable.values) {
      const other = runTable.values.get(key);
      if (other === undefined) missing += 1;
      else if (other !== value) different += 1;
      else if (runTable.provenance.get(key) !== cleanTable.provenance.get(key)) provenanceOnly += 1;
    }
    const extra = [...runTable.values.keys()].filter((key) => !cleanTable.values.has(key)).length;
    const raw = cleanTable.table.startsWith('nba_raw.');
    return {
      table: cleanTable.table,
      clean_rows: cleanTable.values.size,
      rows: runTable.values.size,
      missing,
      extra,
      different,
      provenance_only: provenanceOnly,
      equal: missing === 0 && different === 0 && (raw || extra === 0),
    };
  });
}

/** JSON with object keys sorted and numbers rounded past float noise, so equal data compares equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isInteger(item)) return Math.round(item * 1e6) / 1e6;
    if (typeof item === 'bigint') return Number(item);
    if (item && typeof item === 'object' && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)));
    }
    return item;
  });
}
