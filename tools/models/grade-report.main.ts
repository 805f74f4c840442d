import 'reflect-metadata';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { formatRowsAsTable } from '../query/result-table';
import { loadGrades, marketMetricsBySystem, summarizeGrades } from './grade-report';
import { metricsTableRow } from './prop-metrics';
import { ModelArgumentError, parseDateFlags } from './model-arguments';

const USAGE = 'usage: npm run grade-report -- --from YYYY-MM-DD --to YYYY-MM-DD [--json]';

/** `npm run grade-report`: MAE and hit rate over the line, by system, by tier, and by both; then each system against the market. */
async function main(argv: string[]): Promise<number> {
  const asJson = argv.includes('--json');
  let flags: { from: string; to: string };
  try {
    flags = parseDateFlags(argv.filter((arg) => arg !== '--json'), ['from', 'to']);
  } catch (error) {
    if (!(error instanceof ModelArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    return 2;
  }
  const warehouse = warehouseFromConfig(loadPlatformConfig(), { readOnly: true });
  try {
    const grades = await loadGrades(warehouse, flags.from, flags.to);
    if (grades.length === 0) {
      process.stderr.write(`no graded predictions between ${flags.from} and ${flags.to} (results not in, or phase 5 has not run)\n`);
      return 1;
    }
    const sections = {
      by_system: summarizeGrades(grades, ['system']),
      by_tier: summarizeGrades(grades, ['tier']),
      by_system_and_tier: summarizeGrades(grades, ['system', 'tier']),
    };
    const market = marketMetricsBySystem(grades);
    if (asJson) process.stdout.write(`${JSON.stringify({ from: flags.from, to: flags.to, ...sections, against_the_market: market }, null, 2)}\n`);
    else {
      for (const [title, rows] of Object.entries(sections)) {
        process.stdout.write(`\n${title.replaceAll('_', ' ')} (${flags.from}..${flags.to})\n${formatRowsAsTable(rows.map((row) => ({ ...row })))}\n`);
      }
      process.stdout.write(`\nagainst the market (${flags.from}..${flags.to})\n${formatRowsAsTable(market.map(metricsTableRow))}\n`);
      for (const metrics of market.filter((candidate) => candidate.reliability.length > 0)) {
        process.stdout.write(`\nreliability of ${metrics.system}\n${formatRowsAsTable(metrics.reliability.map((bucket) => ({ ...bucket })))}\n`);
      }
    }
    return 0;
  } finally {
    await warehouse.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`grade-report failed: ${error.message}\n`);
    process.exit(1);
  },
);
