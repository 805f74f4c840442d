import { ColumnDefinition, defineTable } from './table-definition';

/**
 * Where a raw row came from. Deterministic on purpose (the payload's own fetch time, not the load
 * time), so loading the same payload twice leaves byte-identical rows.
 */
const LINEAGE: ColumnDefinition[] = [
  { name: 'source_path', type: 'STRING', required: true, description: 'Object-store path of the payload this row was loaded from' },
  { name: 'scrape_run_id', type: 'STRING', description: 'Phase 1 run that fetched the payload' },
  { name: 'fetched_at', type: 'TIMESTAMP', required: true, description: 'When phase 1 fetched the payload' },
];

/** The box-score stat columns, named the same in every raw box-score table and in player_game_summary. */
export const BOX_SCORE_STATS = [
  'minutes', 'points', 'fgm', 'fga', 'fg3m', 'fg3a', 'ftm', 'fta', 'oreb', 'dreb', 'reb', 'ast', 'stl', 'blk', 'tov', 'pf', 'plus_minus',
] as const;
export type BoxScoreStat = (typeof BOX_SCORE_STATS)[number];
/** A player's line in those columns; null where the source did not say. */
export type BoxScoreStats = Record<BoxScoreStat, number | null>;

const PLAYER_LINE: ColumnDefinition[] = [
  { name: 'player_name', type: 'STRING', required: true, description: 'As the source spells it' },
  { name: 'player_lookup', type: 'STRING' },
  { name: 'team_code', type: 'STRING' },
  ...BOX_SCORE_STATS.map((name): ColumnDefinition =>
    name === 'minutes'
      ? { name, type: 'FLOAT64', description: 'Decimal minutes; null when the source left it blank' }
      : { name, type: 'INT64' },
  ),
];

/** How a game is matched across sources that do not share ids: date, home and away tricodes. */
const MATCHUP: ColumnDefinition[] = [
  { name: 'home_team_code', type: 'STRING', required: true },
  { name: 'away_team_code', type: 'STRING', required: true },
];

export const nbacScheduleTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_schedule',
  description: 'NBA.com scheduleLeagueV2: every scheduled game, its status and, once final, its score.',
  columns: [
    { name: 'game_date', type: 'DATE', description: 'Eastern date of the game' },
    { name: 'game_id', type: 'STRING' },
    { name: 'season', type: 'STRING' },
    { name: 'game_code', type: 'STRING' },
    { name: 'game_status', type: 'INT64', description: '1 scheduled, 2 in progress, 3 final' },
    { name: 'game_status_text', type: 'STRING' },
    { name: 'game_label', type: 'STRING', description: 'Emirates NBA Cup stage and similar, where given' },
    { name: 'start_time_utc', type: 'TIMESTAMP' },
    ...MATCHUP,
    { name: 'home_team_id', type: 'STRING' },
    { name: 'away_team_id', type: 'STRING' },
    { name: 'home_score', type: 'INT64' },
    { name: 'away_score', type: 'INT64' },
    { name: 'postponed_status', type: 'STRING' },
    ...LINEAGE,
  ],
  naturalKey: ['game_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['home_team_code', 'away_team_code'],
});

export const nbacScoreboardTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_scoreboard',
  description: 'NBA.com scoreboardv3 by date: game status and score as the scoreboard reported it.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING' },
    { name: 'game_status', type: 'INT64' },
    { name: 'game_status_text', type: 'STRING' },
    { name: 'period', type: 'INT64' },
    { name: 'start_time_utc', type: 'TIMESTAMP' },
    ...MATCHUP,
    { name: 'home_score', type: 'INT64' },
    { name: 'away_score', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['game_id', 'game_date'],
  partitionColumn: 'game_date',
});

export const bdlGamesTable = defineTable({
  dataset: 'nba_raw',
  name: 'bdl_games',
  description: 'balldontlie /v1/games by date.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'bdl_game_id', type: 'INT64' },
    { name: 'season', type: 'INT64' },
    { name: 'status', type: 'STRING' },
    { name: 'period', type: 'INT64' },
    { name: 'postseason', type: 'BOOL' },
    { name: 'postponed', type: 'BOOL' },
    { name: 'start_time_utc', type: 'TIMESTAMP' },
    ...MATCHUP,
    { name: 'home_score', type: 'INT64' },
    { name: 'away_score', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['bdl_game_id', 'game_date'],
  partitionColumn: 'game_date',
});

export const bdlPlayerBoxscoresTable = defineTable({
  dataset: 'nba_raw',
  name: 'bdl_player_boxscores',
  description: 'balldontlie player lines, from /v1/stats (paged) and /v1/box_scores. A team plays once a date, so endpoint, date, team and player identify a line, and the game is found from the schedule by date and team.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'bdl_game_id', type: 'INT64', description: 'Null when loaded from /v1/box_scores, which carries no game id' },
    { name: 'bdl_player_id', type: 'INT64', description: "balldontlie's own player id (not NBA.com's)" },
    ...PLAYER_LINE,
    { name: 'endpoint', type: 'STRING', description: 'stats | box_scores: each endpoint keeps its own rows, so neither overwrites the other' },
    ...LINEAGE,
  ],
  naturalKey: ['endpoint', 'team_code', 'player_lookup', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['team_code', 'player_lookup'],
});

export const nbacGamebookPlayerStatsTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_gamebook_player_stats',
  description: 'NBA.com boxscoretraditionalv3 per game: every rostered player, with starter flag and DNP comment.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING' },
    ...MATCHUP,
    { name: 'player_id', type: 'INT64', description: 'NBA.com personId' },
    ...PLAYER_LINE,
    { name: 'starter', type: 'BOOL' },
    { name: 'comment', type: 'STRING', description: "NBA.com's comment, e.g. DNP - Coach's Decision" },
    ...LINEAGE,
  ],
  naturalKey: ['game_id', 'player_lookup', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['game_id', 'team_code'],
});

export const espnScoreboardTable = defineTable({
  dataset: 'nba_raw',
  name: 'espn_scoreboard',
  description: 'ESPN scoreboard by date: event ids and status, matched to NBA.com games by date and teams.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'espn_event_id', type: 'STRING' },
    { name: 'status', type: 'STRING' },
    { name: 'completed', type: 'BOOL' },
    { name: 'start_time_utc', type: 'TIMESTAMP' },
    ...MATCHUP,
    { name: 'home_score', type: 'INT64' },
    { name: 'away_score', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['espn_event_id', 'game_date'],
  partitionColumn: 'game_date',
});

export const espnBoxscoresTable = defineTable({
  dataset: 'nba_raw',
  name: 'espn_boxscores',
  description: 'ESPN game summary box scores (the last box-score fallback).',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'espn_event_id', type: 'STRING' },
    { name: 'game_id', type: 'STRING', description: 'NBA.com game id when phase 1 matched it' },
    ...MATCHUP,
    { name: 'espn_athlete_id', type: 'STRING' },
    ...PLAYER_LINE,
    { name: 'starter', type: 'BOOL' },
    { name: 'did_not_play', type: 'BOOL' },
    { name: 'dnp_reason', type: 'STRING' },
    ...LINEAGE,
  ],
  naturalKey: ['espn_event_id', 'player_lookup', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['espn_event_id', 'team_code'],
});

export const nbacPlayByPlayTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_play_by_play',
  description: 'NBA.com playbyplayv3 actions; data_source says whether it stood in for BigDataBall.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING' },
    { name: 'action_number', type: 'INT64' },
    { name: 'period', type: 'INT64' },
    { name: 'clock', type: 'STRING' },
    { name: 'team_code', type: 'STRING' },
    { name: 'person_id', type: 'INT64' },
    { name: 'player_name', type: 'STRING' },
    { name: 'action_type', type: 'STRING' },
    { name: 'sub_type', type: 'STRING' },
    { name: 'shot_result', type: 'STRING' },
    { name: 'shot_value', type: 'INT64' },
    { name: 'points_total', type: 'INT64' },
    { name: 'score_home', type: 'INT64' },
    { name: 'score_away', type: 'INT64' },
    { name: 'description', type: 'STRING' },
    { name: 'data_source', type: 'STRING', required: true, description: "'nbacom', or 'nbacom_fallback' when BigDataBall never released the game" },
    ...LINEAGE,
  ],
  naturalKey: ['game_id', 'action_number', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['game_id'],
});

export const bigdataballPbpTable = defineTable({
  dataset: 'nba_raw',
  name: 'bigdataball_pbp',
  description: "BigDataBall play-by-play files, one row per play, in BigDataBall's own columns.",
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING' },
    { name: 'play_id', type: 'INT64' },
    { name: 'period', type: 'INT64' },
    { name: 'remaining_time', type: 'STRING' },
    { name: 'elapsed', type: 'STRING' },
    { name: 'team_code', type: 'STRING' },
    { name: 'event_type', type: 'STRING' },
    { name: 'player', type: 'STRING' },
    { name: 'points', type: 'INT64' },
    { name: 'away_score', type: 'INT64' },
    { name: 'home_score', type: 'INT64' },
    { name: 'result', type: 'STRING' },
    { name: 'description', type: 'STRING' },
    { name: 'file_name', type: 'STRING' },
    { name: 'data_source', type: 'STRING', required: true, description: "'bigdataball'" },
    ...LINEAGE,
  ],
  naturalKey: ['game_id', 'play_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['game_id'],
});

export const oddsApiEventsTable = defineTable({
  dataset: 'nba_raw',
  name: 'odds_api_events',
  description: 'The Odds API NBA events of a date, with the NBA.com game they were matched to.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'event_id', type: 'STRING' },
    { name: 'commence_time', type: 'TIMESTAMP' },
    ...MATCHUP,
    ...LINEAGE,
  ],
  naturalKey: ['event_id', 'game_date'],
  partitionColumn: 'game_date',
});

/** The Odds API player_points outcomes: one row per player, bookmaker and line (alternate lines included). */
export const oddsApiPlayerPointsPropsTable = defineTable({
  dataset: 'nba_raw',
  name: 'odds_api_player_points_props',
  description: 'The Odds API player_points market: each bookmaker\'s line with over and under prices, per player and game.',
  columns: [
    { name: 'game_date', type: 'DATE' },
    { name: 'game_id', type: 'STRING', description: 'NBA.com game id, matched by date and teams' },
    { name: 'event_id', type: 'STRING', description: 'The Odds API event id' },
    { name: 'commence_time', type: 'TIMESTAMP' },
    { name: 'home_team_code', type: 'STRING', required: true },
    { name: 'away_team_code', type: 'STRING', required: true },
    { name: 'player_name', type: 'STRING', required: true, description: 'As the bookmaker spells it' },
    { name: 'player_lookup', type: 'STRING' },
    { name: 'bookmaker', type: 'STRING' },
    { name: 'line', type: 'FLOAT64' },
    { name: 'over_price', type: 'FLOAT64', description: 'American odds for the over at this line' },
    { name: 'under_price', type: 'FLOAT64' },
    { name: 'bookmaker_last_update', type: 'TIMESTAMP' },
    ...LINEAGE,
  ],
  naturalKey: ['event_id', 'player_lookup', 'bookmaker', 'line', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['player_lookup', 'bookmaker'],
});

export const nbacInjuryReportTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_injury_report',
  description: "NBA.com's official injury report, one row per player (or team not yet submitted) per published report.",
  columns: [
    { name: 'game_date', type: 'DATE', description: 'Date of the game the row is about (a report lists the next day too)' },
    { name: 'report_time_et', type: 'STRING', description: 'The report it was read from, Eastern time, e.g. 2025-11-05T17:00' },
    { name: 'report_time_utc', type: 'TIMESTAMP', required: true },
    { name: 'game_time', type: 'STRING' },
    ...MATCHUP,
    { name: 'team_code', type: 'STRING' },
    { name: 'player_lookup', type: 'STRING', description: "The player, or 'not_yet_submitted' for a team that has not reported" },
    { name: 'player_name', type: 'STRING' },
    { name: 'status', type: 'STRING', description: 'Out | Doubtful | Questionable | Probable | Available' },
    { name: 'reason', type: 'STRING' },
    { name: 'submitted', type: 'BOOL', required: true },
    { name: 'report_url', type: 'STRING' },
    { name: 'page', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['report_time_et', 'team_code', 'player_lookup', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['team_code', 'player_lookup'],
});

export const nbacRefereeAssignmentsTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_referee_assignments',
  description: "official.nba.com's referee assignments: each game's crew by role.",
  columns: [
    { name: 'game_date', type: 'DATE' },
    ...MATCHUP,
    { name: 'role', type: 'STRING', description: 'crew_chief | referee | umpire | alternate' },
    { name: 'official_name', type: 'STRING' },
    { name: 'official_number', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['home_team_code', 'role', 'official_name', 'game_date'],
  partitionColumn: 'game_date',
});

export const nbacPlayerListTable = defineTable({
  dataset: 'nba_raw',
  name: 'nbac_player_list',
  description: "NBA.com commonallplayers, current players: person id, name and team as of the day it was fetched (filed under the date it was run for).",
  columns: [
    { name: 'game_date', type: 'DATE', description: 'The date the run was for (the list itself is of the fetch day)' },
    { name: 'person_id', type: 'INT64', description: 'NBA.com person id' },
    { name: 'player_lookup', type: 'STRING', required: true },
    { name: 'player_name', type: 'STRING', required: true },
    { name: 'team_code', type: 'STRING', description: 'Null for a player on no roster' },
    { name: 'roster_status', type: 'INT64' },
    { name: 'from_year', type: 'INT64' },
    { name: 'to_year', type: 'INT64' },
    ...LINEAGE,
  ],
  naturalKey: ['person_id', 'game_date'],
  partitionColumn: 'game_date',
  clusterBy: ['player_lookup'],
});

export const RAW_TABLES = [
  nbacScheduleTable,
  nbacScoreboardTable,
  bdlGamesTable,
  bdlPlayerBoxscoresTable,
  nbacGamebookPlayerStatsTable,
  espnScoreboardTable,
  espnBoxscoresTable,
  nbacPlayByPlayTable,
  bigdataballPbpTable,
  oddsApiEventsTable,
  oddsApiPlayerPointsPropsTable,
  nbacInjuryReportTable,
  nbacRefereeAssignmentsTable,
  nbacPlayerListTable,
] as const;
