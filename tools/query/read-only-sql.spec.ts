import { assertReadOnlySql } from './read-only-sql';

describe('assertReadOnlySql', () => {
  it.each([
    'SELECT 1',
    "select * from nba_raw.bdl_games where game_date = '2025-11-05';",
    'WITH x AS (SELECT 1 AS a) SELECT a FROM x',
    "SELECT 'DROP TABLE x' AS harmless_text",
    'DESCRIBE nba_orchestration.dead_letter',
    '-- a comment with DELETE\nSELECT 2',
  ])('lets a read through: %s', (sql) => {
    expect(() => assertReadOnlySql(sql)).not.toThrow();
  });

  it.each([
    ['DELETE FROM nba_raw.bdl_games', /DELETE is not a read/],
    ['SELECT 1; DROP TABLE nba_raw.bdl_games', /one statement/],
    ['WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x', /contains INSERT/],
    ["COPY (SELECT 1) TO '/tmp/x.csv'", /COPY is not a read/],
    ["SELECT * FROM read_csv('x'); ATTACH 'other.db'", /one statement/],
    ['   ', /empty/],
  ])('refuses %p', (sql, reason) => {
    expect(() => assertReadOnlySql(sql)).toThrow(reason);
  });
});
