import { QueryParameterError } from '../warehouse.errors';
import { bindParameters, inferParameterType, referencedParameters, toDuckDbSql } from './named-parameters';

describe('named parameters', () => {
  it('finds the parameters a statement uses, once each, ignoring literals, comments and @@system variables', () => {
    const sql = `SELECT @a, '@notParam', "@neither", \`@ident\`, @@dataset_id -- @comment
      /* @block */ FROM t WHERE x = @b OR y = @a # @hash`;
    expect(referencedParameters(sql)).toEqual(['a', 'b']);
  });

  it('rewrites @name to DuckDB $name and leaves @ inside string literals alone', () => {
    expect(toDuckDbSql(`SELECT 'mail@example.com' AS m, @id AS id WHERE s = 'it\\'s @x'`)).toBe(
      `SELECT 'mail@example.com' AS m, $id AS id WHERE s = 'it\\'s @x'`,
    );
  });

  it('rewrites the BigQuery array idiom IN UNNEST(@ids) to a form DuckDB accepts', () => {
    expect(toDuckDbSql('WHERE id IN UNNEST(@ids) AND d NOT IN unnest( @days )')).toBe(
      'WHERE id IN (SELECT UNNEST($ids)) AND d NOT IN (SELECT UNNEST($days))',
    );
  });

  it('binds only the parameters the SQL uses, each typed and in wire form', () => {
    const bound = bindParameters('SELECT @day, @ids, @n, @at', { day: '2024-01-15', ids: [1, 2.5], n: 7, at: new Date('2024-01-15T10:00:00Z'), extra: 'x' });
    expect(bound).toEqual([
      { name: 'day', isArray: false, type: 'STRING', value: '2024-01-15' },
      { name: 'ids', isArray: true, type: 'FLOAT64', value: [1, 2.5] },
      { name: 'n', isArray: false, type: 'INT64', value: '7' },
      { name: 'at', isArray: false, type: 'TIMESTAMP', value: '2024-01-15T10:00:00.000Z' },
    ]);
  });

  it('uses declared types for nulls, empty arrays and dates', () => {
    const bound = bindParameters('SELECT @maybe, @none, @days', { maybe: null, none: [], days: ['2024-01-15'] }, { maybe: 'INT64', days: ['DATE'] });
    expect(bound).toEqual([
      { name: 'maybe', isArray: false, type: 'INT64', value: null },
      { name: 'none', isArray: true, type: 'STRING', value: [] },
      { name: 'days', isArray: true, type: 'DATE', value: ['2024-01-15'] },
    ]);
  });

  it('refuses a parameter the SQL uses but the caller did not pass, naming it', () => {
    expect(() => bindParameters('SELECT @missing', {})).toThrow(QueryParameterError);
    expect(() => bindParameters('SELECT @missing', {})).toThrow(/@missing/);
  });

  it('refuses a value that does not fit its declared type', () => {
    expect(() => bindParameters('SELECT @day', { day: 'yesterday' }, { day: 'DATE' })).toThrow(/@day expects a 'YYYY-MM-DD' date/);
    expect(() => bindParameters('SELECT @ids', { ids: 'a' }, { ids: ['STRING'] })).toThrow(/@ids/);
    expect(() => bindParameters('SELECT @n', { n: Number.NaN })).toThrow(/@n/);
  });

  it('infers types the way the BigQuery client does', () => {
    expect(inferParameterType('x')).toBe('STRING');
    expect(inferParameterType(3)).toBe('INT64');
    expect(inferParameterType(3.5)).toBe('FLOAT64');
    expect(inferParameterType(true)).toBe('BOOL');
    expect(inferParameterType(new Date())).toBe('TIMESTAMP');
    expect(inferParameterType(null)).toBe('STRING');
    expect(inferParameterType([1, 2])).toEqual(['INT64']);
    expect(inferParameterType([])).toEqual(['STRING']);
  });
});
