export * from './team-codes';
export * from './player-lookup';
