export * from './quality-tier';
export * from './boundary-validation';
export * from './boundary.gate';
