export * from './quality-tier';
export * from './processor-requirements';
export * from './source-coverage.recorder';
