import { Inject, Injectable } from '@nestjs/common';
import { seasonStartOf } from '@lib/messaging';
import { BOX_SCORE_STATS, BoxScoreStats, Warehouse, WAREHOUSE } from '@lib/warehouse';

export interface ScheduledGame {
  game_id: string;
  game_date: string;
  season: string | null;
  game_status: number;
  home_team_code: string;
  away_team_code: string;
  home_score: number | null;
  away_score: number | null;
}

/** A player line as any raw box-score table holds it, with the source's extras where it has them. */
export interface SourceLine extends BoxScoreStats {
  source_table: string;
  game_id: string | null;
  team_code: string;
  player_lookup: string;
  player_name: string;
  player_id: number | null;
  starter: boolean | null;
  dnp_reason: string | null;
}

/** A player NBA.com's player list knows: where a box-score source has no NBA.com id, it comes from here. */
export interface ListedPlayer {
  player_lookup: string;
  person_id: number;
  team_code: string | null;
}

export interface BoxScoreInputs {
  games: ScheduledGame[];
  lines: SourceLine[];
  /** NBA.com's player lists of the season up to the date (ids never change; the team breaks a tie of two players with one lookup). */
  listedPlayers?: ListedPlayer[];
}

const STATS = BOX_SCORE_STATS.join(', ');

/**
 * Reads what phase 3 builds from: the date's schedule and every raw box-score source. balldontlie
 * has two endpoints with the same lines; a team's /stats lines are used, its /box_scores lines only
 * when /stats has none for it.
 */
@Injectable()
export class BoxScoreInputsRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async forDate(gameDate: string): Promise<BoxScoreInputs> {
    const games = await this.warehouse.query<ScheduledGame & Record<string, unknown>>(
      `SELECT game_id, CAST(game_date AS STRING) AS game_date, season, game_status, home_team_code, away_team_code, home_score, away_score
         FROM nba_raw.nbac_schedule
        WHERE game_date = @gameDate
        ORDER BY game_id`,
      { gameDate },
    );
    const lines = await this.warehouse.query<SourceLine & Record<string, unknown>>(
      `SELECT 'bdl_player_boxscores' AS source_table, CAST(NULL AS STRING) AS game_id, team_code, player_lookup, player_name,
              CAST(NULL AS BIGINT) AS player_id, ${STATS}, CAST(NULL AS BOOL) AS starter, CAST(NULL AS STRING) AS dnp_reason
         FROM nba_raw.bdl_player_boxscores b
        WHERE game_date = @gameDate
          AND (endpoint = 'stats' OR NOT EXISTS (
                SELECT 1 FROM nba_raw.bdl_player_boxscores s
                 WHERE s.game_date = @gameDate AND s.endpoint = 'stats' AND s.team_code = b.team_code))
       UNION ALL
       SELECT 'nbac_gamebook_player_stats', game_id, team_code, player_lookup, player_name, player_id, ${STATS}, starter,
              CASE WHEN comment IS NOT NULL AND COALESCE(minutes, 0) = 0 THEN comment END
         FROM nba_raw.nbac_gamebook_player_stats WHERE game_date = @gameDate
       UNION ALL
       SELECT 'espn_boxscores', game_id, team_code, player_lookup, player_name, CAST(NULL AS BIGINT), ${STATS}, starter,
              CASE WHEN did_not_play THEN COALESCE(dnp_reason, 'DNP') END
         FROM nba_raw.espn_boxscores WHERE game_date = @gameDate`,
      { gameDate },
    );
    // Lists published after the date are not read: the date's summaries are the same whenever (and
    // however often) it is built, and a backfill may load later dates while this one is built.
    const listedPlayers = await this.warehouse.query<ListedPlayer & Record<string, unknown>>(
      `SELECT DISTINCT player_lookup, person_id, team_code
         FROM nba_raw.nbac_player_list
        WHERE game_date >= @seasonStart AND game_date <= @gameDate`,
      { seasonStart: seasonStartOf(gameDate), gameDate },
    );
    return { games, lines, listedPlayers };
  }
}

