import { addDays, seasonStartOf } from '@lib/messaging';
import { FEATURE_NAMES, FEATURE_VERSION, Row, Warehouse } from '@lib/warehouse';
import { buildFeatureVector, FeatureVectorRow } from '../../apps/phase4-precompute/src/feature-store/feature-vector.builder';
import {
  buildPlayerDailyCache,
  GameSubject,
  PlayerGameHistory,
  TeamGameHistory,
} from '../../apps/phase4-precompute/src/player-daily-cache/player-daily-cache.builder';
import { PropLine } from '../../apps/phase5-predictions/src/predictions/line-consensus';
import { buildPredictions, PredictionRow } from '../../apps/phase5-predictions/src/predictions/prediction.builder';
import { gradeOutcome } from '../../apps/phase5-predictions/src/grading/grading';
import { EnsembleSystem } from '../../apps/phase5-predictions/src/systems/ensemble.system';
import { FeatureValues, PredictionSystem } from '../../apps/phase5-predictions/src/systems/prediction-system';
import { RidgeSystem, trainRidge } from '../../apps/phase5-predictions/src/systems/ridge.model';
import { RollingAverageSystem } from '../../apps/phase5-predictions/src/systems/rolling-average.system';

type SeasonRow = PlayerGameHistory & GameSubject;

export interface EvaluationInput {
  players: SeasonRow[];
  teams: TeamGameHistory[];
  lines: Array<PropLine & { game_date: string }>;
}

export interface SystemScore {
  system: string;
  player_games: number;
  mae: number | null;
  with_line: number;
  mae_with_line: number | null;
  line_mae_same_rows: number | null;
  bets: number;
  wins: number;
  losses: number;
  pushes: number;
  hit_rate: number | null;
}

export interface EvaluationReport {
  from: string;
  to: string;
  dates_evaluated: number;
  scores: SystemScore[];
}

/** A naive baseline: one feature taken as the prediction. */
class FeatureBaseline implements PredictionSystem {
  readonly featureVersion = FEATURE_VERSION;
  readonly trainingEndDate = null;
  readonly modelVersion: string;
  constructor(readonly systemId: string, private readonly feature: keyof FeatureValues) {
    this.modelVersion = systemId;
  }
  predict(features: FeatureValues): number {
    return features[this.feature];
  }
}

/** Reads what the evaluation needs from the analytics and raw tables, once. */
export async function loadEvaluationInput(warehouse: Warehouse, from: string, to: string): Promise<EvaluationInput> {
  const seasonStart = seasonStartOf(from);
  const players = await warehouse.query<SeasonRow & Row>(
    `SELECT game_id, game_date, player_lookup, player_id, player_name, team_code, opponent_code, is_home,
            minutes, points, fga, fta, usage_rate, quality_tier
       FROM nba_analytics.player_game_summary
      WHERE game_date BETWEEN @seasonStart AND @to AND played
      ORDER BY game_date`,
    { seasonStart, to },
  );
  const teams = await warehouse.query<TeamGameHistory & Row>(
    `SELECT game_date, team_code, pace, opponent_points FROM nba_analytics.team_game_summary
      WHERE game_date BETWEEN @seasonStart AND @to ORDER BY game_date`,
    { seasonStart, to },
  );
  const lines = await warehouse.query<PropLine & { game_date: string } & Row>(
    `SELECT game_date, player_lookup, game_id, bookmaker, line, over_price, under_price
       FROM nba_raw.odds_api_player_points_props
      WHERE game_date BETWEEN @from AND @to AND player_lookup IS NOT NULL AND game_id IS NOT NULL AND line IS NOT NULL`,
    { from, to },
  );
  return { players, teams, lines };
}

/**
 * Walk-forward: for each date with results in [from, to], the ridge is trained on every earlier
 * date's feature vectors (built by phase 4's own code from games before each date), then every
 * system predicts the date. Scored against what happened, next to naive baselines and the line.
 * Only player-games with at least one earlier game are scored (a debut has no history to predict from).
 */
export function evaluateWalkForward(input: EvaluationInput, from: string, to: string, options: { minEdgePoints: number; staleInputDays: number; progress?: (line: string) => void }): EvaluationReport {
  const dates = [...new Set(input.players.map((row) => row.game_date))].filter((date) => date <= to).sort();
  options.progress?.(`evaluate: building features for ${dates.length} dates through ${to}`);
  const vectorsByDate = new Map<string, FeatureVectorRow[]>();
  let playerCursor = 0;
  let teamCursor = 0;
  for (const date of dates) {
    while (playerCursor < input.players.length && input.players[playerCursor].game_date < date) playerCursor += 1;
    while (teamCursor < input.teams.length && input.teams[teamCursor].game_date < date) teamCursor += 1;
    const subjects = input.players.filter((row) => row.game_date === date);
    const cache = buildPlayerDailyCache(date, subjects, input.players.slice(0, playerCursor), input.teams.slice(0, teamCursor));
    vectorsByDate.set(date, cache.map((row) => buildFeatureVector(row, { staleInputDays: options.staleInputDays, boundaryFlags: [] })));
  }
  const actual = new Map(input.players.map((row) => [`${row.game_date}|${row.game_id}|${row.player_lookup}`, Number(row.points)]));

  const names = ['rolling_avg_v1', 'ridge_v1', 'ensemble_v1', 'naive_season_avg', 'naive_last10_avg'];
  const totals = new Map(names.map((name) => [name, { n: 0, abs: 0, lined: 0, absLined: 0, lineAbs: 0, wins: 0, losses: 0, pushes: 0 }]));
  const baseline = new RollingAverageSystem();
  const naive = [new FeatureBaseline('naive_season_avg', 'points_avg_season'), new FeatureBaseline('naive_last10_avg', 'points_avg_last_10')];
  let evaluated = 0;
  const scored = dates.filter((day) => day >= from);
  for (const [index, date] of scored.entries()) {
    options.progress?.(`evaluate: ${date} (${index + 1}/${scored.length}): training ridge on earlier dates, predicting with every system`);
    const examples = dates
      .filter((day) => day < date)
      .flatMap((day) => vectorsByDate.get(day)!)
      .filter((vector) => vector.features.games_played >= 1)
      .map((vector) => ({ game_date: vector.game_date, features: vector.features, actual_points: actual.get(`${vector.game_date}|${vector.game_id}|${vector.player_lookup}`)! }));
    if (examples.length < FEATURE_NAMES.length * 10) continue;
    const ridge = new RidgeSystem(trainRidge(examples, { featureNames: FEATURE_NAMES, featureVersion: FEATURE_VERSION, predictFrom: date, trainedAt: `${addDays(date, -1)}T12:00:00Z` }));
    const systems = [baseline, ridge, new EnsembleSystem([baseline, ridge]), ...naive];
    const vectors = vectorsByDate.get(date)!.filter((vector) => vector.features.games_played >= 1);
    const lines = input.lines.filter((line) => line.game_date === date);
    const rows: PredictionRow[] = buildPredictions(vectors, lines, systems, { primarySystemId: 'ridge_v1', minEdgePoints: options.minEdgePoints });
    evaluated += 1;
    for (const row of rows) {
      const points = actual.get(`${date}|${row.game_id}|${row.player_lookup}`)!;
      const total = totals.get(row.system_id)!;
      total.n += 1;
      total.abs += Math.abs(row.predicted_points - points);
      if (row.line_value !== null) {
        total.lined += 1;
        total.absLined += Math.abs(row.predicted_points - points);
        total.lineAbs += Math.abs(row.line_value - points);
      }
      const outcome = gradeOutcome(row.recommendation, row.line_value, points);
      if (outcome === 'win') total.wins += 1;
      else if (outcome === 'loss') total.losses += 1;
      else if (outcome === 'push') total.pushes += 1;
    }
  }
  const round = (value: number) => Math.round(value * 1000) / 1000;
  const scores: SystemScore[] = names.map((system) => {
    const total = totals.get(system)!;
    const bets = total.wins + total.losses + total.pushes;
    return {
      system,
      player_games: total.n,
      mae: total.n ? round(total.abs / total.n) : null,
      with_line: total.lined,
      mae_with_line: total.lined ? round(total.absLined / total.lined) : null,
      line_mae_same_rows: total.lined ? round(total.lineAbs / total.lined) : null,
      bets,
      wins: total.wins,
      losses: total.losses,
      pushes: total.pushes,
      hit_rate: total.wins + total.losses ? round(total.wins / (total.wins + total.losses)) : null,
    };
  });
  return { from, to, dates_evaluated: evaluated, scores };
}
