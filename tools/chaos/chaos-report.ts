import { ChaosRunResult } from './chaos.runner';

const METRICS = ['games_scheduled', 'games_with_box_scores', 'games_predicted', 'duplicate_rows', 'lost', 'mislabelled', 'gaps_detected', 'gaps_healed'] as const;

/** The chaos run for a person: the metrics beside the clean run's, each table's comparison, who is needed and why, the verdict. */
export function formatChaosReport(result: ChaosRunResult): string {
  const lines: string[] = [];
  lines.push(`chaos run seed ${result.seed}, ${result.from} .. ${result.to} (clean ${result.minutes.clean} min, chaos ${result.minutes.chaos} min, ${result.scheduler_rounds} scheduler rounds)`);
  lines.push('', 'what was done to it:', ...result.plan.replayFaults.map((rule) => `  replay ${rule.id}: ${JSON.stringify(rule)}`));
  lines.push(`  relay: ${result.plan.relay.duplicatePercent} % of deliveries duplicated (racing), up to ${result.plan.relay.maxJitterMs} ms jitter (out of order)`);
  lines.push(...result.injected.map((line) => `  ${line}`));
  lines.push('', '| metric | chaos run | clean run |', '|---|---|---|');
  for (const metric of METRICS) lines.push(`| ${metric} | ${result.chaos[metric]} | ${result.clean[metric]} |`);
  const healedPercent = result.chaos.gaps_detected === 0 ? 100 : Math.round((1000 * result.chaos.gaps_healed) / result.chaos.gaps_detected) / 10;
  lines.push(`| gaps healed without a person | ${healedPercent} % | |`);
  lines.push(`| person_needed | ${result.chaos.person_needed.length} | ${result.clean.person_needed.length} |`);
  lines.push('', '| table | clean rows | chaos rows | missing | extra | different | provenance only | equal |', '|---|---|---|---|---|---|---|---|');
  for (const table of result.tables) {
    lines.push(`| ${table.table} | ${table.clean_rows} | ${table.rows} | ${table.missing} | ${table.extra} | ${table.different} | ${table.provenance_only} | ${table.equal ? 'yes' : 'NO'} |`);
  }
  const detail = (title: string, items: string[]) => (items.length > 0 ? ['', `${title}:`, ...items.slice(0, 20).map((item) => `  ${item}`), ...(items.length > 20 ? [`  … and ${items.length - 20} more`] : [])] : []);
  lines.push(...detail('duplicates', Object.entries(result.chaos.duplicates_by_table).map(([table, count]) => `${table}: ${count}`)));
  lines.push(...detail('lost', result.chaos.lost_detail));
  lines.push(...detail('mislabelled', result.chaos.mislabelled_detail));
  lines.push(...detail('a person is needed for', result.chaos.person_needed.map((item) => `${item.what}: ${item.cause}`)));
  lines.push(...detail('the clean run needs a person for', result.clean.person_needed.map((item) => `${item.what}: ${item.cause}`)));
  const failures = [
    ...(result.chaos.duplicate_rows > 0 ? [`${result.chaos.duplicate_rows} duplicate rows`] : []),
    ...(result.chaos.lost > 0 ? [`${result.chaos.lost} lost`] : []),
    ...(result.chaos.mislabelled > 0 ? [`${result.chaos.mislabelled} mislabelled`] : []),
    ...(result.tables_equal ? [] : [`tables differ from the clean run's: ${result.tables.filter((table) => !table.equal).map((table) => table.table).join(', ')}`]),
  ];
  lines.push('', result.passed ? 'PASSED: nothing lost, nothing duplicated, nothing mislabelled, tables equal to the clean run' : `FAILED: ${failures.join('; ')}`);
  return lines.join('\n');
}
