import { isReadingStatement, scanSql } from './sql-text.scanner';

describe('SQL text scanner', () => {
  it('separates code from literals, quoted identifiers and comments', () => {
    const sql = `SELECT 'a''b', "c\\"d", \`p.d.t\`, '''x'y''' -- note\nFROM t /* block */ WHERE x = 1`;
    expect(scanSql(sql).map((segment) => [segment.kind, segment.text])).toEqual([
      ['code', 'SELECT '],
      ['string', "'a'"],
      ['string', "'b'"],
      ['code', ', '],
      ['string', '"c\\"d"'],
      ['code', ', '],
      ['quoted-identifier', '`p.d.t`'],
      ['code', ', '],
      ['string', "'''x'y'''"],
      ['code', ' '],
      ['comment', '-- note'],
      ['code', '\nFROM t '],
      ['comment', '/* block */'],
      ['code', ' WHERE x = 1'],
    ]);
  });

  it('treats an unclosed literal as running to the end rather than as code', () => {
    expect(scanSql("SELECT 'open @p").map((segment) => segment.kind)).toEqual(['code', 'string']);
  });

  it('tells reading statements from writing ones by their first keyword', () => {
    expect(isReadingStatement('  -- leading comment\n  SELECT 1')).toBe(true);
    expect(isReadingStatement('WITH x AS (SELECT 1) SELECT * FROM x')).toBe(true);
    expect(isReadingStatement('(SELECT 1)')).toBe(true);
    expect(isReadingStatement('DELETE FROM t WHERE TRUE')).toBe(false);
    expect(isReadingStatement('MERGE INTO t USING s ON TRUE WHEN MATCHED THEN DELETE')).toBe(false);
  });
});
