import { QualityTier, worstTier } from '@lib/quality';
import { BASE_FEATURE_NAMES, FEATURE_NAMES, FEATURE_VERSION, FeatureName } from '@lib/warehouse';
import { daysBetween } from '@lib/messaging';
import { PlayerDailyCacheRow } from '../player-daily-cache/player-daily-cache.builder';
import { FormAndAvailabilityResult, LEAGUE_POINTS_PER_MINUTE } from './form-and-availability.builder';

/**
 * League-level stand-ins for a feature with no data at all (a player's first game, a team's first
 * game). A vector that uses one lists it in missing_features and loses quality score.
 */
export const FEATURE_DEFAULTS: Record<FeatureName, number> = {
  points_avg_last_5: 8,
  points_avg_last_10: 8,
  points_avg_season: 8,
  points_std_last_10: 5,
  minutes_avg_last_5: 18,
  minutes_avg_last_10: 18,
  minutes_avg_season: 18,
  usage_avg_last_10: 18,
  usage_avg_season: 18,
  true_shooting_season: 0.56,
  games_played: 0,
  days_rest: 2,
  back_to_back: 0,
  is_home: 0,
  team_pace: 100,
  opponent_points_allowed: 115,
  minutes_projection: 18,
  points_per_minute_projection: LEAGUE_POINTS_PER_MINUTE,
  opponent_defense_factor: 1,
  prior_season_points_per_minute: LEAGUE_POINTS_PER_MINUTE,
  prior_season_minutes_per_game: 0,
  has_prior_season: 0,
  points_ewma: 8,
  fga_ewma: 7,
  fta_ewma: 2,
  minutes_trend: 0,
  usage_avg_last_5: 18,
  injury_report_available: 0,
  injury_status_out: 0,
  injury_status_questionable: 0,
  teammates_out: 0,
  teammates_out_minutes: 0,
  teammates_missing_line: 0,
  teammates_missing_line_minutes: 0,
  team_expected_minutes: 240,
};

export interface FeatureVectorRow {
  game_date: string;
  game_id: string;
  player_lookup: string;
  feature_version: string;
  player_id: number | null;
  team_code: string;
  opponent_code: string;
  features: Record<FeatureName, number>;
  feature_quality_score: number;
  missing_features: FeatureName[];
  defaulted_features: FeatureName[];
  upstream_tier: QualityTier;
  quality_flags: string[];
  data_through_date: string | null;
}

export interface FeatureContext {
  /** Days between the latest analytics date and the game date beyond which the history is stale. */
  staleInputDays: number;
  /** Flags from the boundary gate (boundary_warned, boundary_released). */
  boundaryFlags: readonly string[];
}

/**
 * One feature vector from a cache row and the player's form and availability features. Missing (no
 * data: league default used) costs a full feature in the score; defaulted (a shorter window than
 * declared, e.g. last-10 from 4 games) costs half. The score is over the v1 features, so v2's
 * additions (listed as missing when absent) do not move a vector's tier.
 */
export function buildFeatureVector(cache: PlayerDailyCacheRow, context: FeatureContext, form: FormAndAvailabilityResult): FeatureVectorRow {
  const raw: Record<FeatureName, number | null> = {
    points_avg_last_5: cache.points_avg_last_5,
    points_avg_last_10: cache.points_avg_last_10,
    points_avg_season: cache.points_avg_season,
    points_std_last_10: cache.points_std_last_10,
    minutes_avg_last_5: cache.minutes_avg_last_5,
    minutes_avg_last_10: cache.minutes_avg_last_10,
    minutes_avg_season: cache.minutes_avg_season,
    usage_avg_last_10: cache.usage_avg_last_10,
    usage_avg_season: cache.usage_avg_season,
    true_shooting_season: cache.true_shooting_season,
    games_played: cache.games_played,
    days_rest: cache.days_rest === null ? null : Math.min(cache.days_rest, 10),
    back_to_back: cache.back_to_back ? 1 : 0,
    is_home: cache.is_home ? 1 : 0,
    team_pace: cache.team_pace,
    opponent_points_allowed: cache.opponent_points_allowed,
    ...form.features,
  };
  const missing = FEATURE_NAMES.filter((name) => raw[name] === null);
  const shortWindow: FeatureName[] = [];
  if (cache.games_played > 0 && cache.games_played < 5) shortWindow.push('points_avg_last_5', 'minutes_avg_last_5');
  if (cache.games_played > 0 && cache.games_played < 10) shortWindow.push('points_avg_last_10', 'minutes_avg_last_10', 'usage_avg_last_10', 'points_std_last_10');
  const defaulted = shortWindow.filter((name) => !missing.includes(name));
  const features = Object.fromEntries(FEATURE_NAMES.map((name) => [name, raw[name] ?? FEATURE_DEFAULTS[name]])) as Record<FeatureName, number>;
  const baseMissing = missing.filter((name) => (BASE_FEATURE_NAMES as readonly FeatureName[]).includes(name));
  const score = Math.round(1000 * (1 - (baseMissing.length + 0.5 * defaulted.length) / BASE_FEATURE_NAMES.length)) / 10;

  const flags = [...context.boundaryFlags, ...form.flags];
  const tiers: QualityTier[] = [cache.history_tier];
  if (cache.games_played === 0) flags.push('no_history');
  const behind = cache.data_through_date === null ? null : daysBetween(cache.data_through_date, cache.game_date);
  if (behind !== null && behind > context.staleInputDays) {
    flags.push(`stale_history:${behind}_days`);
    tiers.push('bronze');
  }
  if (context.boundaryFlags.includes('boundary_released')) tiers.push('bronze');
  else if (context.boundaryFlags.includes('boundary_warned')) tiers.push('silver');

  return {
    game_date: cache.game_date,
    game_id: cache.game_id,
    player_lookup: cache.player_lookup,
    feature_version: FEATURE_VERSION,
    player_id: cache.player_id,
    team_code: cache.team_code,
    opponent_code: cache.opponent_code,
    features,
    feature_quality_score: score,
    missing_features: missing,
    defaulted_features: defaulted,
    upstream_tier: worstTier(...tiers),
    quality_flags: flags,
    data_through_date: cache.data_through_date,
  };
}
