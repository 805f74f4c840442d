/**
 * Every phase 2 processor, declared once: which scraper's payloads it loads, into which raw table,
 * what role the data plays, and whether phase 3 must wait for it. Phase 2 registers exactly these,
 * phase 3's transition waits on the required ones, and the deadline alert names them from here.
 */
export type RawDataRole = 'schedule' | 'scoreboard' | 'games' | 'box_score' | 'play_by_play' | 'events' | 'props' | 'injuries' | 'officials' | 'players';

export interface RawProcessorDeclaration {
  /** Processor name, as it appears in processor_runs and completion messages. */
  name: string;
  /** The phase 1 scraper whose payloads it loads. */
  scraper: string;
  table: string;
  role: RawDataRole;
  /** Phase 3 does not start for a date (until its deadline) without a completion of this one. */
  requiredForAnalytics: boolean;
}

export const RAW_PROCESSORS: readonly RawProcessorDeclaration[] = [
  { name: 'nbac_schedule', scraper: 'nbac_schedule', table: 'nba_raw.nbac_schedule', role: 'schedule', requiredForAnalytics: true },
  { name: 'bdl_player_stats', scraper: 'bdl_player_stats', table: 'nba_raw.bdl_player_boxscores', role: 'box_score', requiredForAnalytics: true },
  { name: 'bdl_box_scores', scraper: 'bdl_box_scores', table: 'nba_raw.bdl_player_boxscores', role: 'box_score', requiredForAnalytics: false },
  { name: 'bdl_games', scraper: 'bdl_games', table: 'nba_raw.bdl_games', role: 'games', requiredForAnalytics: false },
  { name: 'nbac_scoreboard', scraper: 'nbac_scoreboard_v3', table: 'nba_raw.nbac_scoreboard', role: 'scoreboard', requiredForAnalytics: false },
  { name: 'nbac_boxscore', scraper: 'nbac_boxscore_v3', table: 'nba_raw.nbac_gamebook_player_stats', role: 'box_score', requiredForAnalytics: false },
  { name: 'espn_scoreboard', scraper: 'espn_scoreboard', table: 'nba_raw.espn_scoreboard', role: 'scoreboard', requiredForAnalytics: false },
  { name: 'espn_game_summary', scraper: 'espn_game_summary', table: 'nba_raw.espn_boxscores', role: 'box_score', requiredForAnalytics: false },
  { name: 'nbac_play_by_play', scraper: 'nbac_play_by_play_v3', table: 'nba_raw.nbac_play_by_play', role: 'play_by_play', requiredForAnalytics: false },
  { name: 'bdb_play_by_play', scraper: 'bdb_play_by_play', table: 'nba_raw.bigdataball_pbp', role: 'play_by_play', requiredForAnalytics: false },
  { name: 'odds_events', scraper: 'odds_events', table: 'nba_raw.odds_api_events', role: 'events', requiredForAnalytics: false },
  { name: 'odds_player_points', scraper: 'odds_player_points', table: 'nba_raw.odds_api_player_points_props', role: 'props', requiredForAnalytics: false },
  { name: 'nbac_injury_report', scraper: 'nbac_injury_report', table: 'nba_raw.nbac_injury_report', role: 'injuries', requiredForAnalytics: false },
  { name: 'nbac_referee_assignments', scraper: 'nbac_referee_assignments', table: 'nba_raw.nbac_referee_assignments', role: 'officials', requiredForAnalytics: false },
  { name: 'nbac_player_list', scraper: 'nbac_player_list', table: 'nba_raw.nbac_player_list', role: 'players', requiredForAnalytics: false },
];

export class UnknownProcessorError extends Error {
  constructor(readonly processorOrScraper: string) {
    super(`no phase 2 processor is declared for ${JSON.stringify(processorOrScraper)} (libs/quality RAW_PROCESSORS)`);
    this.name = 'UnknownProcessorError';
  }
}

export function rawProcessorForScraper(scraper: string): RawProcessorDeclaration {
  const declaration = RAW_PROCESSORS.find((processor) => processor.scraper === scraper);
  if (!declaration) throw new UnknownProcessorError(scraper);
  return declaration;
}

export const REQUIRED_FOR_ANALYTICS: readonly string[] = RAW_PROCESSORS.filter((processor) => processor.requiredForAnalytics).map(
  (processor) => processor.name,
);

/** Box-score sources in merge order: the primary first, then the fallbacks. */
export const BOX_SCORE_SOURCE_ORDER = ['bdl_player_boxscores', 'nbac_gamebook_player_stats', 'espn_boxscores'] as const;
export type BoxScoreSource = (typeof BOX_SCORE_SOURCE_ORDER)[number];
