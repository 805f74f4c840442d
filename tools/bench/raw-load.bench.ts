import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { RAW_PROCESSORS } from '@lib/quality';
import { ALL_TABLES, qualifiedName, TableDefinition } from '@lib/warehouse';
import { BenchCluster } from './bench-cluster';
import { BenchFigure, figure } from './bench-report';
import { stopwatch } from './bench-stats';

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Phase 2 loading every payload of one date (`POST /process_date` on phase 2, as a backfill reloads
 * a date) against the floor: DuckDB reading the same rows from CSV files in one statement.
 */
export async function benchRawLoad(bench: BenchCluster, gameDate: string): Promise<{ figures: BenchFigure[]; rows: number; floorRows: number }> {
  const paths = (
    await bench.warehouse.query<{ payload_path: string }>(
      `SELECT payload_path FROM nba_orchestration.scraper_execution_log
        WHERE game_date = @gameDate AND payload_path IS NOT NULL`,
      { gameDate },
    )
  ).map((row) => row.payload_path);
  if (paths.length === 0) throw new Error(`no payload was stored for ${gameDate}: run the season first`);

  await bench.cluster.relay?.whenIdle();
  const elapsed = stopwatch();
  const response = await fetch(`${bench.cluster.serviceUrl('phase2-raw')}/process_date`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ game_date: gameDate, backfill_mode: true }),
  });
  const answer = (await response.json()) as { dates?: Array<{ status: string; records: number }> };
  const load = elapsed();
  if (!response.ok || !answer.dates?.[0]) throw new Error(`phase 2 reload of ${gameDate} answered ${response.status}: ${JSON.stringify(answer)}`);
  const rows = answer.dates[0].records;
  await bench.cluster.relay?.whenIdle();

  // The floor: the same rows, read by DuckDB from CSV in one statement.
  const folder = fs.mkdtempSync(path.join(bench.dataDir, 'floor-'));
  const tableNames = new Set(RAW_PROCESSORS.map((processor) => processor.table));
  const tables = ALL_TABLES.filter((table) => tableNames.has(qualifiedName(table)));
  const files: string[] = [];
  let floorRows = 0;
  for (const table of tables) {
    const selected = await readLoadedRows(bench, table, gameDate, paths);
    if (selected.length === 0) continue;
    floorRows += selected.length;
    const columns = table.columns.map((column) => column.name);
    const file = path.join(folder, `${table.name}.csv`);
    fs.writeFileSync(file, [columns.join(','), ...selected.map((row) => columns.map((column) => csvCell(row[column])).join(','))].join('\n'));
    files.push(file);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let floorMs: number;
  try {
    const reads = files.map((file) => `SELECT * FROM read_csv('${file.replaceAll("'", "''")}', header = true, all_varchar = false)`).join(' UNION ALL BY NAME ');
    const floor = stopwatch();
    await connection.run(`CREATE TABLE floor_rows AS ${reads}`);
    floorMs = floor().wallMs;
  } finally {
    connection.closeSync();
    instance.closeSync();
    fs.rmSync(folder, { recursive: true, force: true });
  }
  return {
    rows,
    floorRows,
    figures: [
      figure({
        goal: `phase 2: load one date's ${paths.length} payloads (${gameDate}, ${rows} rows)`,
        value: load.wallMs,
        unit: 'ms',
        reference: { name: `DuckDB reading the same ${floorRows} rows from CSV, one statement`, value: floorMs },
        target: { ratioAtMost: 5 },
        note: 'POST /process_date on phase 2 in backfill mode',
      }),
    ],
  };
}

async function readLoadedRows(bench: BenchCluster, table: TableDefinition, gameDate: string, paths: string[]) {
  if (!table.columns.some((column) => column.name === 'source_path')) return [];
  const partition = table.partitionColumn ? `${table.partitionColumn} BETWEEN @from AND @to AND ` : '';
  return bench.warehouse.query(`SELECT * FROM ${qualifiedName(table)} WHERE ${partition}source_path IN UNNEST(@paths)`, {
    from: shiftDate(gameDate, -7),
    to: shiftDate(gameDate, 7),
    paths,
  });
}
