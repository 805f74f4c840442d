import 'reflect-metadata';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { formatRowsAsTable } from '../query/result-table';
import { ModelArgumentError, parseDateFlags } from './model-arguments';
import { evaluateWalkForward, loadEvaluationInput } from './walk-forward.evaluator';

const USAGE = 'usage: npm run evaluate -- --from YYYY-MM-DD --to YYYY-MM-DD [--json]';

/** `npm run evaluate`: walk-forward MAE and hit rate of every system next to the naive baselines and the line. */
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
  const config = loadPlatformConfig();
  const warehouse = warehouseFromConfig(config, { readOnly: true });
  try {
    process.stderr.write(`evaluate: loading analytics and lines up to ${flags.to}\n`);
    const input = await loadEvaluationInput(warehouse, flags.from, flags.to);
    if (input.players.length === 0) throw new Error(`no player_game_summary rows up to ${flags.to}: run the pipeline (or npm run seed-analytics) first`);
    const report = evaluateWalkForward(input, flags.from, flags.to, { minEdgePoints: config.PREDICTION_MIN_EDGE_POINTS, staleInputDays: config.STALE_INPUT_DAYS, progress: (line) => process.stderr.write(`${line}\n`) });
    if (asJson) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(`walk-forward ${report.from}..${report.to}: ${report.dates_evaluated} dates, min edge ${config.PREDICTION_MIN_EDGE_POINTS} points\n`);
      process.stdout.write(`${formatRowsAsTable(report.scores.map((score) => ({ ...score })))}\n`);
    }
    return 0;
  } finally {
    await warehouse.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`evaluate failed: ${error.message}\n`);
    process.exit(1);
  },
);
