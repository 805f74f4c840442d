/** The pipeline circuit breaker: a BoundaryGate over the share of a date's games without data problems, recorded and released the same way. */
export const CIRCUIT_BREAKER_GATE = Symbol('CIRCUIT_BREAKER_GATE');
