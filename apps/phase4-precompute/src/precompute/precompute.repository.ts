import { Inject, Injectable } from '@nestjs/common';
import { seasonStartOf } from '@lib/messaging';
import { FEATURE_VERSION, mlFeatureStoreTable, playerDailyCacheTable, Row, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { FeatureVectorRow } from '../feature-store/feature-vector.builder';
import { InjuryReportEntry, ListedPlayer } from '../feature-store/form-and-availability.builder';
import { GameSubject, PlayerDailyCacheRow, PlayerGameHistory, TeamGameHistory } from '../player-daily-cache/player-daily-cache.builder';

/** Phase 1's source of the date's lines, every payload of which phase 4 waits for. */
const LINES_SOURCE = 'odds_api';
/** The other scrapers whose payloads of the date phase 4 reads: who is listed, who is reported out. */
const PHASE4_INPUT_SCRAPERS = ['nbac_injury_report', 'nbac_player_list'] as const;

export interface TeamMinutes {
  game_id: string;
  team_code: string;
  player_minutes: number | null;
}

export interface NullCounts {
  rows: number;
  minutes_null: number;
  points_null: number;
  usage_null: number;
}

/** Owns phase 4's SQL: its reads of nba_analytics and nba_raw, its writes to nba_precompute. */
@Injectable()
export class PrecomputeRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  /** Played games this season strictly before the date, in a fixed order (sums of floats depend on it). */
  playerHistoryBefore(gameDate: string): Promise<PlayerGameHistory[]> {
    return this.warehouse.query<PlayerGameHistory & Row>(
      `SELECT game_id, game_date, player_lookup, team_code, minutes, points, fga, fta, usage_rate, quality_tier
         FROM nba_analytics.player_game_summary
        WHERE game_date >= @seasonStart AND game_date < @gameDate AND played
        ORDER BY game_date, game_id, player_lookup`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
  }

  /** Team games this season strictly before the date, in a fixed order (the pace mean is a float sum). */
  teamHistoryBefore(gameDate: string): Promise<TeamGameHistory[]> {
    return this.warehouse.query<TeamGameHistory & Row>(
      `SELECT game_date, team_code, pace, opponent_points
         FROM nba_analytics.team_game_summary
        WHERE game_date >= @seasonStart AND game_date < @gameDate
        ORDER BY game_date, team_code`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
  }

  /**
   * What still has to land before the date's inputs from phase 1 are all in: phase 1 runs of the date
   * still going (started since `liveSince`; older ones died), and payloads phase 1 stored for a raw
   * table phase 4 reads (the lines, the injury report, the player list) that no phase 2 run has
   * finished loading.
   */
  async inputsPending(gameDate: string, liveSince: Date): Promise<{ phase1_running: number; payloads_unloaded: number }> {
    const [row] = await this.warehouse.query<{ phase1_running: number; payloads_unloaded: number }>(
      `SELECT
         (SELECT COUNT(*) FROM nba_orchestration.phase_execution_log
           WHERE game_date = @gameDate AND phase = 'phase1' AND status = 'running' AND started_at >= @liveSince) AS phase1_running,
         (SELECT COUNT(DISTINCT l.payload_path) FROM nba_orchestration.scraper_execution_log l
           WHERE l.game_date = @gameDate AND l.payload_path IS NOT NULL
             AND (l.source = @linesSource OR l.scraper IN UNNEST(@inputScrapers))
             AND l.payload_path NOT IN (
                   SELECT r.source_path FROM nba_orchestration.processor_runs r
                    WHERE r.game_date = @gameDate AND r.phase = 'phase2' AND r.source_path IS NOT NULL AND r.status <> 'running')) AS payloads_unloaded`,
      { gameDate, liveSince, linesSource: LINES_SOURCE, inputScrapers: [...PHASE4_INPUT_SCRAPERS] },
    );
    return { phase1_running: Number(row?.phase1_running ?? 0), payloads_unloaded: Number(row?.payloads_unloaded ?? 0) };
  }

  /**
   * Who plays on the date: the players with a box-score row (once results are in) and the players a
   * bookmaker lists (before tip-off; their team is the one of their latest game, or NBA.com's player
   * list's when they have none this season). Only identity and
   * matchup are read, never a result.
   */
  async subjectsOn(gameDate: string): Promise<GameSubject[]> {
    const played = await this.warehouse.query<GameSubject & Row>(
      `SELECT game_id, player_lookup, player_id, player_name, team_code, opponent_code, is_home
         FROM nba_analytics.player_game_summary WHERE game_date = @gameDate`,
      { gameDate },
    );
    // A player with a line and no game this season yet (back from injury, a rookie) takes his team from
    // NBA.com's player list as published by the date, so he is predicted before his first tip-off too.
    const listed = await this.warehouse.query<GameSubject & Row>(
      `WITH listed AS (
         SELECT DISTINCT game_id, player_lookup, home_team_code, away_team_code
           FROM nba_raw.odds_api_player_points_props
          WHERE game_date = @gameDate AND player_lookup IS NOT NULL AND game_id IS NOT NULL),
       latest AS (
         SELECT player_lookup, player_id, player_name, team_code,
                ROW_NUMBER() OVER (PARTITION BY player_lookup ORDER BY game_date DESC) AS recency
           FROM nba_analytics.player_game_summary
          WHERE game_date >= @seasonStart AND game_date < @gameDate),
       roster AS (
         SELECT player_lookup, person_id AS player_id, player_name, team_code,
                ROW_NUMBER() OVER (PARTITION BY player_lookup ORDER BY game_date DESC, person_id) AS recency
           FROM nba_raw.nbac_player_list
          WHERE game_date >= @seasonStart AND game_date <= @gameDate AND team_code IS NOT NULL),
       team_of AS (
         SELECT player_lookup, player_id, player_name, team_code FROM latest WHERE recency = 1
         UNION ALL
         SELECT player_lookup, player_id, player_name, team_code FROM roster
          WHERE recency = 1 AND player_lookup NOT IN (SELECT player_lookup FROM latest))
       SELECT listed.game_id, listed.player_lookup, team_of.player_id, team_of.player_name, team_of.team_code,
              CASE WHEN team_of.team_code = listed.home_team_code THEN listed.away_team_code ELSE listed.home_team_code END AS opponent_code,
              team_of.team_code = listed.home_team_code AS is_home
         FROM listed JOIN team_of ON team_of.player_lookup = listed.player_lookup
        WHERE team_of.team_code IN (listed.home_team_code, listed.away_team_code)`,
      { gameDate, seasonStart: seasonStartOf(gameDate) },
    );
    const seen = new Set(played.map((subject) => `${subject.game_id}|${subject.player_lookup}`));
    return [...played, ...listed.filter((subject) => !seen.has(`${subject.game_id}|${subject.player_lookup}`))];
  }

  /**
   * Every injury report row about the dates, with the tip-off of the team's game from the schedule
   * (null when the schedule does not have it); the builder keeps only what was published before it.
   */
  injuryReportsBetween(from: string, to: string): Promise<Array<InjuryReportEntry & { game_date: string }>> {
    return this.warehouse.query<InjuryReportEntry & { game_date: string } & Row>(
      `SELECT CAST(report.game_date AS STRING) AS game_date, report.team_code, report.player_lookup, report.status,
              CAST(report.report_time_utc AS STRING) AS report_time_utc, CAST(MIN(schedule.start_time_utc) AS STRING) AS tip_off_utc
         FROM nba_raw.nbac_injury_report AS report
         LEFT JOIN nba_raw.nbac_schedule AS schedule
           ON schedule.game_date = report.game_date AND schedule.game_date BETWEEN @from AND @to
          AND report.team_code IN (schedule.home_team_code, schedule.away_team_code)
        WHERE report.game_date BETWEEN @from AND @to AND report.submitted AND report.player_lookup IS NOT NULL AND report.team_code IS NOT NULL
        GROUP BY report.game_date, report.team_code, report.player_lookup, report.status, report.report_time_utc`,
      { from, to },
    );
  }

  /** Players a bookmaker listed on each earlier date of the season. */
  listedBefore(gameDate: string): Promise<ListedPlayer[]> {
    return this.warehouse.query<ListedPlayer & Row>(
      `SELECT DISTINCT CAST(game_date AS STRING) AS game_date, player_lookup FROM nba_raw.odds_api_player_points_props
        WHERE game_date >= @seasonStart AND game_date < @gameDate AND player_lookup IS NOT NULL`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
  }

  /** Players a bookmaker lists on the date (pre-game snapshots). */
  async listedOn(gameDate: string): Promise<string[]> {
    const rows = await this.warehouse.query<{ player_lookup: string }>(
      `SELECT DISTINCT player_lookup FROM nba_raw.odds_api_player_points_props WHERE game_date = @gameDate AND player_lookup IS NOT NULL`,
      { gameDate },
    );
    return rows.map((row) => row.player_lookup);
  }

  /** The latest analytics date before the date: what the boundary check measures. */
  async latestInputDateBefore(gameDate: string): Promise<string | null> {
    const [row] = await this.warehouse.query<{ latest: string | null }>(
      `SELECT MAX(game_date) AS latest FROM nba_analytics.player_game_summary WHERE game_date >= @seasonStart AND game_date < @gameDate`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    return row?.latest ?? null;
  }

  /** Per team game on the date: the minutes its players account for (null when no player row exists). */
  teamMinutesOn(inputDate: string): Promise<TeamMinutes[]> {
    return this.warehouse.query<TeamMinutes & Row>(
      `SELECT team.game_id, team.team_code, players.player_minutes
         FROM nba_analytics.team_game_summary AS team
         LEFT JOIN (SELECT game_id, team_code, SUM(minutes) AS player_minutes
                      FROM nba_analytics.player_game_summary WHERE game_date = @inputDate GROUP BY game_id, team_code) AS players
           ON players.game_id = team.game_id AND players.team_code = team.team_code
        WHERE team.game_date = @inputDate`,
      { inputDate },
    );
  }

  async nullCountsOn(inputDate: string): Promise<NullCounts> {
    const [row] = await this.warehouse.query<Row>(
      `SELECT COUNT(*) AS row_count,
              SUM(CASE WHEN minutes IS NULL THEN 1 ELSE 0 END) AS minutes_null,
              SUM(CASE WHEN points IS NULL THEN 1 ELSE 0 END) AS points_null,
              SUM(CASE WHEN usage_rate IS NULL THEN 1 ELSE 0 END) AS usage_null
         FROM nba_analytics.player_game_summary WHERE game_date = @inputDate AND played`,
      { inputDate },
    );
    return { rows: Number(row.row_count), minutes_null: Number(row.minutes_null ?? 0), points_null: Number(row.points_null ?? 0), usage_null: Number(row.usage_null ?? 0) };
  }

  async saveCache(rows: readonly PlayerDailyCacheRow[], runId: string, processedAt: string): Promise<void> {
    if (rows.length === 0) return;
    await this.warehouse.upsert(playerDailyCacheTable, rows.map((row) => ({ ...row, run_id: runId, processed_at: processedAt })));
  }

  async saveFeatures(rows: readonly FeatureVectorRow[], runId: string, processedAt: string): Promise<void> {
    if (rows.length === 0) return;
    await this.warehouse.upsert(mlFeatureStoreTable, rows.map((row) => ({ ...row, run_id: runId, processed_at: processedAt })));
  }

  /** When the date's current-version features were last built, and when their input last changed. */
  async freshness(gameDate: string): Promise<{
    features: number;
    built_at: string | null;
    input_changed_at: string | null;
    predicted_at: string | null;
    features_changed_at: string | null;
  }> {
    const [features] = await this.warehouse.query<{ features: number; built_at: string | null }>(
      `SELECT COUNT(*) AS features, MIN(processed_at) AS built_at FROM nba_precompute.ml_feature_store
        WHERE game_date = @gameDate AND feature_version = @version`,
      { gameDate, version: FEATURE_VERSION },
    );
    const [input] = await this.warehouse.query<{ changed_at: string | null }>(
      `SELECT MAX(processed_at) AS changed_at FROM nba_analytics.player_game_summary WHERE game_date >= @seasonStart AND game_date <= @gameDate`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    // Predictions of the date read its feature vectors and, through the model, every earlier one's:
    // a vector rewritten after the date's last phase 5 run (a healed game) leaves them stale.
    const [predictions] = await this.warehouse.query<{ predicted_at: string | null; features_changed_at: string | null }>(
      `SELECT
         (SELECT MAX(started_at) FROM nba_orchestration.phase_execution_log
           WHERE game_date = @gameDate AND phase = 'phase5' AND status IN ('success', 'partial', 'no_data', 'skipped')) AS predicted_at,
         (SELECT MAX(processed_at) FROM nba_precompute.ml_feature_store
           WHERE game_date >= @seasonStart AND game_date <= @gameDate AND feature_version = @version) AS features_changed_at`,
      { gameDate, seasonStart: seasonStartOf(gameDate), version: FEATURE_VERSION },
    );
    return {
      features: Number(features.features),
      built_at: features.built_at,
      input_changed_at: input.changed_at,
      predicted_at: predictions.predicted_at,
      features_changed_at: predictions.features_changed_at,
    };
  }
}
