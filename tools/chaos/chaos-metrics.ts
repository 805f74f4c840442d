import { ALL_TABLES, qualifiedName, Warehouse } from '@lib/warehouse';
import { RealSeason } from './real-season';

export interface WarehousePlayerRow {
  game_id: string;
  game_date: string;
  team_code: string;
  player_lookup: string;
  points: number | null;
  reb: number | null;
  ast: number | null;
  quality_tier: string;
  primary_source: string;
}

export interface PersonNeeded {
  what: string;
  cause: string;
}

export interface ChaosMetrics {
  games_scheduled: number;
  games_with_box_scores: number;
  games_predicted: number;
  duplicate_rows: number;
  duplicates_by_table: Record<string, number>;
  lost: number;
  lost_detail: string[];
  mislabelled: number;
  mislabelled_detail: string[];
  gaps_detected: number;
  gaps_healed: number;
  person_needed: PersonNeeded[];
}

/**
 * Lost: a real game with no analytics rows, a real player line with no row, or a row whose points,
 * rebounds or assists differ from the real ones. Mislabelled: a row whose tier claims more than its
 * game holds — anything above bronze in a game whose rows do not match the real box score (a player
 * missing, or a team's points short), or gold from anything but the primary source.
 */
export function judgeAgainstReality(real: RealSeason, rows: readonly WarehousePlayerRow[]): Pick<ChaosMetrics, 'lost' | 'lost_detail' | 'mislabelled' | 'mislabelled_detail' | 'games_with_box_scores'> {
  const rowByKey = new Map(rows.map((row) => [`${row.game_id}|${row.player_lookup}`, row]));
  const gamesWithRows = new Set(rows.map((row) => row.game_id));
  const lostDetail: string[] = [];
  const wrongGames = new Set<string>();
  for (const game of real.games) {
    if (!gamesWithRows.has(game.game_id)) lostDetail.push(`game ${game.game_id} (${game.game_date}) has no analytics rows`);
  }
  for (const line of real.lines) {
    if (!gamesWithRows.has(line.game_id)) continue;
    const row = rowByKey.get(`${line.game_id}|${line.player_lookup}`);
    if (!row) {
      lostDetail.push(`player ${line.player_lookup} of game ${line.game_id} has no row`);
      wrongGames.add(line.game_id);
    } else if (Number(row.points) !== line.points || Number(row.reb) !== line.rebounds || Number(row.ast) !== line.assists) {
      lostDetail.push(`player ${line.player_lookup} of game ${line.game_id}: ${row.points}/${row.reb}/${row.ast} points/rebounds/assists, really ${line.points}/${line.rebounds}/${line.assists}`);
      wrongGames.add(line.game_id);
    }
  }
  const mislabelledDetail: string[] = [];
  for (const row of rows) {
    if (wrongGames.has(row.game_id) && row.quality_tier !== 'bronze') mislabelledDetail.push(`${row.game_id} ${row.player_lookup} is ${row.quality_tier} in a game whose box score is incomplete or wrong`);
    else if (row.quality_tier === 'gold' && row.primary_source !== 'bdl_player_boxscores') mislabelledDetail.push(`${row.game_id} ${row.player_lookup} is gold from ${row.primary_source}`);
  }
  const realGames = new Set(real.games.map((game) => game.game_id));
  return {
    games_with_box_scores: [...gamesWithRows].filter((game) => realGames.has(game)).length,
    lost: lostDetail.length,
    lost_detail: lostDetail,
    mislabelled: mislabelledDetail.length,
    mislabelled_detail: mislabelledDetail,
  };
}

/** Reads a finished run's warehouse and measures it against the real season. Read-only. */
export async function measureRun(warehouse: Warehouse, real: RealSeason, from: string, to: string, primarySystem: string): Promise<ChaosMetrics> {
  const rows = await warehouse.query<WarehousePlayerRow & Record<string, unknown>>(
    `SELECT game_id, CAST(game_date AS STRING) AS game_date, team_code, player_lookup, points, reb, ast, quality_tier, primary_source
       FROM nba_analytics.player_game_summary WHERE game_date BETWEEN @from AND @to`,
    { from, to },
  );
  const judged = judgeAgainstReality(real, rows);
  const [predicted] = await warehouse.query<{ games: number }>(
    `SELECT COUNT(DISTINCT game_id) AS games FROM nba_predictions.player_prop_predictions
      WHERE game_date BETWEEN @from AND @to AND is_active AND system_id = @primarySystem`,
    { from, to, primarySystem },
  );
  const duplicatesByTable: Record<string, number> = {};
  for (const table of ALL_TABLES) {
    const key = table.naturalKey.map((column) => `CAST(${column} AS VARCHAR)`).join(` || '|' || `);
    const where = table.partitionColumn ? ` WHERE ${table.partitionColumn} IS NULL OR ${table.partitionColumn} >= DATE '1900-01-01'` : '';
    const [row] = await warehouse.query<{ duplicates: number }>(
      `SELECT COUNT(*) - COUNT(DISTINCT COALESCE(${key}, '<null key>')) AS duplicates FROM ${qualifiedName(table)}${where}`,
    );
    const duplicates = Number(row?.duplicates ?? 0);
    if (duplicates > 0) duplicatesByTable[qualifiedName(table)] = duplicates;
  }
  const gaps = await gapLedger(warehouse, from, to);
  return {
    games_scheduled: real.games.length,
    games_with_box_scores: judged.games_with_box_scores,
    games_predicted: Number(predicted?.games ?? 0),
    duplicate_rows: Object.values(duplicatesByTable).reduce((total, count) => total + count, 0),
    duplicates_by_table: duplicatesByTable,
    lost: judged.lost,
    lost_detail: judged.lost_detail,
    mislabelled: judged.mislabelled,
    mislabelled_detail: judged.mislabelled_detail,
    ...gaps,
  };
}

/**
 * Every gap the pipeline itself noticed, and whether it closed without a person: reconciliation
 * gaps (date and boundary, from their alerts) closed when the latest verdict is no longer a gap;
 * retry-queue entries closed when done; runs that died (stuck or cut off by a restart) closed when a
 * later run of the same phase and date finished.
 */
async function gapLedger(warehouse: Warehouse, from: string, to: string): Promise<Pick<ChaosMetrics, 'gaps_detected' | 'gaps_healed' | 'person_needed'>> {
  const alerts = await warehouse.query<{ game_date: string; details: unknown }>(
    `SELECT CAST(game_date AS STRING) AS game_date, details FROM nba_orchestration.alerts
      WHERE game_date BETWEEN @from AND @to AND category = 'reconciliation_gap'`,
    { from, to },
  );
  const detected = new Set<string>();
  for (const alert of alerts) {
    const details = (typeof alert.details === 'string' ? JSON.parse(alert.details) : alert.details) as { gaps?: Array<{ boundary: string }> } | null;
    for (const gap of details?.gaps ?? []) detected.add(`${alert.game_date}|${gap.boundary}`);
  }
  const verdicts = await warehouse.query<{ game_date: string; boundary: string; status: string; detail: string }>(
    `SELECT CAST(game_date AS STRING) AS game_date, boundary, status, detail FROM nba_orchestration.reconciliation_results WHERE game_date BETWEEN @from AND @to`,
    { from, to },
  );
  const latest = new Map(verdicts.map((verdict) => [`${verdict.game_date}|${verdict.boundary}`, verdict]));
  const personNeeded: PersonNeeded[] = [];
  let healed = 0;
  for (const gap of detected) {
    const verdict = latest.get(gap);
    if (verdict && verdict.status !== 'gap') healed += 1;
    else personNeeded.push({ what: `reconciliation ${gap.replace('|', ' ')}`, cause: verdict?.detail ?? 'no verdict recorded' });
  }
  const retries = await warehouse.query<{ scraper: string; game_date: string; target: string; status: string; reason: string }>(
    `SELECT scraper, CAST(game_date AS STRING) AS game_date, target, status, reason FROM nba_orchestration.scraper_retry_queue WHERE game_date BETWEEN @from AND @to`,
    { from, to },
  );
  for (const retry of retries) {
    if (retry.status === 'done') healed += 1;
    else personNeeded.push({ what: `retry ${retry.scraper} ${retry.game_date} ${retry.target} (${retry.status})`, cause: retry.reason });
  }
  const died = await warehouse.query<{ phase: string; game_date: string; error: string; finished_later: number }>(
    `SELECT d.phase, CAST(d.game_date AS STRING) AS game_date, d.error,
            (SELECT COUNT(*) FROM nba_orchestration.phase_execution_log l
              WHERE l.game_date = d.game_date AND l.game_date BETWEEN @from AND @to AND l.phase = d.phase
                AND l.status IN ('success', 'partial', 'no_data', 'skipped') AND l.started_at > d.started_at) AS finished_later
       FROM nba_orchestration.phase_execution_log d
      WHERE d.game_date BETWEEN @from AND @to AND d.status IN ('failed', 'running')
        AND (d.status = 'running' OR d.error LIKE '%stopped before it finished%' OR d.error LIKE '%its instance died%')`,
    { from, to },
  );
  for (const run of died) {
    if (Number(run.finished_later) > 0) healed += 1;
    else personNeeded.push({ what: `${run.phase} run of ${run.game_date} that died`, cause: run.error ?? 'still running' });
  }
  return { gaps_detected: detected.size + retries.length + died.length, gaps_healed: healed, person_needed: personNeeded };
}
