import { GameDayReport } from './game-day.report';
import { SimulatedDay } from './simulation.runner';
import { TimelineEntry } from './timeline.builder';

const EASTERN = new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** '11/05 19:00 ET' */
export function easternStamp(iso: string | null): string {
  if (iso === null) return '—';
  const parts = Object.fromEntries(EASTERN.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.month}/${parts.day} ${parts.hour}:${parts.minute} ET`;
}

const signed = (minutes: number | null, before: string, after: string) => (minutes === null ? '' : ` (${Math.abs(minutes)} min ${minutes >= 0 ? before : after})`);

/** The timeline, the per-game table and the day's verdicts, for a terminal. */
export function formatSimulation(day: SimulatedDay, timeline: TimelineEntry[], report: GameDayReport, dataDir: string): string {
  const lines: string[] = [];
  lines.push(
    `simulated ${report.date} from ${easternStamp(report.simulated_from)} to ${easternStamp(report.simulated_to)} at ${report.speed}x while working, in ${report.wall_seconds} s of wall time (${report.skipped_minutes} idle minutes skipped)`,
    '',
    'TIMELINE (simulated time, US Eastern)',
  );
  for (const entry of timeline) lines.push(`${easternStamp(entry.at)}  ${entry.kind.padEnd(14)} ${entry.text}`);
  lines.push('', 'PER GAME');
  for (const game of report.games) {
    lines.push(
      `${game.game_id} ${game.matchup.padEnd(9)} tip ${easternStamp(game.tipoff)}, ends ${easternStamp(game.ends)}; ${game.players_with_line} players with a line`,
      `    lines known ${easternStamp(game.lines_known_at)}${signed(game.lines_minutes_before_tipoff, 'before tip-off', 'after tip-off')}; picks published ${easternStamp(game.picks_published_at)}${signed(game.picks_minutes_before_tipoff, 'before tip-off', 'after tip-off')}, ${game.picks_at_tipoff} picks in force at tip-off`,
      `    final score ${easternStamp(game.final_available_at)}${signed(game.final_minutes_after_end, 'after the final', 'before the final')}; analytics ${easternStamp(game.analytics_at)}${signed(game.analytics_minutes_after_end, 'after', 'before')}; features ${easternStamp(game.features_at)}${signed(game.features_minutes_after_end, 'after', 'before')}; graded ${easternStamp(game.graded_at)}${signed(game.graded_minutes_after_end, 'after', 'before')}`,
    );
  }
  lines.push('', 'THE DAY');
  for (const verdict of report.verdicts) {
    lines.push(`${verdict.status.toUpperCase().padEnd(14)} ${verdict.name}: ${verdict.detail}`);
    for (const failure of verdict.failures.slice(0, 10)) lines.push(`               - ${failure}`);
    if (verdict.failures.length > 10) lines.push(`               … and ${verdict.failures.length - 10} more (--json lists them all)`);
  }
  if (report.faults.length > 0) lines.push('', 'FAULTS AND CATCHING UP');
  for (const fault of report.faults) {
    lines.push(`${easternStamp(fault.from)} – ${fault.to ? easternStamp(fault.to) : 'end'}  ${fault.label}: ${fault.failed_scrapes} scraper runs failed or partial`);
    for (const recovery of fault.recovered) {
      lines.push(`    ${recovery.scraper}: first failed ${easternStamp(recovery.failed_first_at)}, ${recovery.succeeded_at ? `succeeded again ${easternStamp(recovery.succeeded_at)}` : 'NOT RECOVERED by the end of the simulated day'}`);
    }
  }
  lines.push('', `the simulated day's warehouse: DATA_DIR=${dataDir} npm run query -- "SELECT …"  (${day.firings.length} scheduler calls)`);
  return lines.join('\n');
}
