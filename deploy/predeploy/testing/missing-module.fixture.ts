// Deliberately broken: it requires a file that does not exist, as a half-merged feature would.
const checks = require('./deadline-checks/deadline.checker');

export const phase3AnalyticsService = checks.service;
