export * from './quality-tier';
