import 'reflect-metadata';
import { loadPlatformConfig, warehouseFromConfig } from '@lib/platform';
import { formatRowsAsTable } from '../query/result-table';
import { ModelArgumentError, parseDateFlags } from './model-arguments';
import { STACK_MEMBER_SYSTEM_IDS } from '../../apps/phase5-predictions/src/systems/system-lineup';
import { metricsTableRow } from './prop-metrics';
import { evaluateWalkForward, loadEvaluationInput } from './walk-forward.evaluator';

const USAGE = 'usage: npm run evaluate -- --from YYYY-MM-DD --to YYYY-MM-DD [--json]';

/** `npm run evaluate`: walk-forward accuracy, calibration and betting record of every system next to the naive baselines, the line and the market. */
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
    const report = evaluateWalkForward(input, flags.from, flags.to, {
      minProbabilityMargin: config.PREDICTION_MIN_WIN_PROBABILITY_MARGIN,
      staleInputDays: config.STALE_INPUT_DAYS,
      retrainAfterDays: config.MODEL_RETRAIN_AFTER_DAYS,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    if (asJson) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else {
      process.stdout.write(
        `walk-forward ${report.from}..${report.to}: ${report.dates_evaluated} dates scored, ${report.dates_skipped.length} skipped; ` +
          `picks need a win probability ${config.PREDICTION_MIN_WIN_PROBABILITY_MARGIN} above the best price's break-even\n`,
      );
      process.stdout.write(`${formatRowsAsTable(report.metrics.map(metricsTableRow))}\n`);
      const primary = report.metrics.find((metrics) => metrics.system === config.PREDICTION_PRIMARY_SYSTEM);
      if (primary) {
        process.stdout.write(`\nreliability of ${primary.system} (predicted probability of OVER vs observed rate):\n`);
        process.stdout.write(`${formatRowsAsTable(primary.reliability.map((bucket) => ({ ...bucket })))}\n`);
      }
      if (report.last_fits && report.last_fits.blend.fittedThrough !== null) {
        const blend = report.last_fits.blend;
        process.stdout.write(`\nmarket blend for ${report.last_fits.date}: w ${blend.modelWeight.toFixed(3)}, c ${blend.skewWeight.toFixed(3)} (${blend.rows} earlier lined predictions through ${blend.fittedThrough})\n`);
      }
      const stack = report.last_fits?.stack;
      if (report.last_fits && stack) {
        const weights = stack.weights.map((weight, index) => `${STACK_MEMBER_SYSTEM_IDS[index]} ${weight.toFixed(3)}`).join(', ');
        process.stdout.write(`stacked_v1 weights for ${report.last_fits.date}: ${weights} (${stack.rows} earlier lined player-games through ${stack.fittedThrough})\n`);
      }
      const availability = report.last_fits?.availability;
      if (report.last_fits && availability?.fittedThrough) {
        process.stdout.write(`minutes_rate_v2 exponent for ${report.last_fits.date}: ${availability.exponent.toFixed(2)} (${availability.rows} earlier player-games through ${availability.fittedThrough})\n`);
      }
      for (const skip of report.dates_skipped) process.stdout.write(`skipped ${skip.date}: ${skip.reason}\n`);
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
