import { BoundaryMeasurement, BoundaryThresholds } from './boundary-validation';

/** The circuit breaker's rows in phase_boundary_checks, beside phase 5's own boundary check. */
export const CIRCUIT_BREAKER_PHASE = 'phase5-circuit-breaker';

export interface GameDataProblems {
  game_id: string;
  vectors: number;
  /** Feature vectors resting on bronze analytics (a game no source had complete). */
  problem_vectors: number;
}

/** A game has data problems when more than half of its players' feature vectors rest on bronze analytics. */
export const hasDataProblems = (game: GameDataProblems) => 2 * game.problem_vectors > game.vectors;

/**
 * The date's games measured for the boundary gate: "coverage" is the share of games without data
 * problems, so the gate blocks when more than `problemGamesAbovePercent` of the games have them.
 */
export function circuitBreakerMeasurement(gameDate: string, games: readonly GameDataProblems[]): BoundaryMeasurement {
  const clean = games.filter((game) => !hasDataProblems(game)).length;
  return { inputDate: gameDate, rows: games.length, minutesCoveragePct: games.length === 0 ? null : (100 * clean) / games.length, nullRates: {} };
}

export function circuitBreakerThresholds(problemGamesAbovePercent: number): BoundaryThresholds {
  return { alertBelowPercent: 100 - problemGamesAbovePercent, blockBelowPercent: 100 - problemGamesAbovePercent };
}
