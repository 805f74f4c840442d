export * from './team-codes';
