import 'reflect-metadata';
import { loadPlatformConfig } from '@lib/platform';
import { formatRowsAsTable } from './result-table';
import { runReadOnlyQuery } from './query.runner';

const USAGE = 'usage: npm run query -- "SELECT …" [--json]';

/** `npm run query`: the local counterpart of `bq query`, read-only. */
async function main(argv: string[]): Promise<number> {
  const asJson = argv.includes('--json');
  const sqlParts = argv.filter((arg) => arg !== '--json');
  if (sqlParts.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { rows, truncated } = await runReadOnlyQuery(sqlParts[0], loadPlatformConfig(), (message) => process.stderr.write(`${message}\n`));
  process.stdout.write(`${asJson ? JSON.stringify(rows, null, 2) : formatRowsAsTable(rows)}\n`);
  if (truncated) process.stderr.write(`only the first ${rows.length} rows are shown (OPERATOR_QUERY_MAX_ROWS); narrow the query for the rest\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`query failed: ${error.message}\n`);
    process.exit(1);
  },
);
