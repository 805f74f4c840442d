export * from './quality-tier';
export * from './processor-requirements';
export * from './source-coverage.recorder';
export * from './boundary-validation';
export * from './boundary.gate';
export * from './pipeline-circuit-breaker';
