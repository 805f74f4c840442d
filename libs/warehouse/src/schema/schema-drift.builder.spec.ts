import { contractTables } from '../testing/contract-tables.fixture';
import { columnsToAdd, columnTypeFromBigQuery, columnTypeFromDuckDb, compareTableSchema, refuseRetypes, SchemaRetypeError } from './schema-drift.builder';

const { games } = contractTables();
const asDeclared = () => games.columns.map((column) => ({ name: column.name, type: column.type }));

describe('compareTableSchema', () => {
  it('finds nothing when the warehouse holds the declaration, whatever the case of the names', () => {
    expect(compareTableSchema(games, asDeclared().map((column) => ({ ...column, name: column.name.toUpperCase() })))).toEqual([]);
  });

  it('reads BigQuery\'s legacy type names and DuckDB\'s own as the declared types', () => {
    expect(['INTEGER', 'FLOAT', 'BOOLEAN', 'STRING', 'TIMESTAMP', 'JSON'].map(columnTypeFromBigQuery)).toEqual(['INT64', 'FLOAT64', 'BOOL', 'STRING', 'TIMESTAMP', 'JSON']);
    expect(['VARCHAR', 'BIGINT', 'DOUBLE', 'BOOLEAN', 'TIMESTAMP WITH TIME ZONE', 'DATE'].map(columnTypeFromDuckDb)).toEqual([
      'STRING', 'INT64', 'FLOAT64', 'BOOL', 'TIMESTAMP', 'DATE',
    ]);
    // A type outside the declarations' vocabulary stays as the engine spells it, and is a retype.
    expect(columnTypeFromDuckDb('TIMESTAMP')).toBe('TIMESTAMP');
    expect(columnTypeFromDuckDb('INTEGER')).toBe('INTEGER');
  });

  it('lists a missing table, missing, retyped and undeclared columns; only the missing columns are added', () => {
    expect(compareTableSchema(games, null)).toEqual([{ table: 'nba_raw.contract_games', kind: 'missing_table' }]);
    const actual = [...asDeclared().filter((column) => column.name !== 'spread').map((column) => (column.name === 'points' ? { ...column, type: 'STRING' } : column)), { name: 'note', type: 'STRING' }];
    const drift = compareTableSchema(games, actual);
    expect(drift).toEqual([
      { table: 'nba_raw.contract_games', kind: 'retyped_column', column: 'points', declared: 'INT64', actual: 'STRING' },
      { table: 'nba_raw.contract_games', kind: 'missing_column', column: 'spread', declared: 'FLOAT64' },
      { table: 'nba_raw.contract_games', kind: 'undeclared_column', column: 'note', actual: 'STRING' },
    ]);
    expect(columnsToAdd(games, drift).map((column) => column.name)).toEqual(['spread']);
    expect(() => refuseRetypes(drift)).toThrow(SchemaRetypeError);
    expect(() => refuseRetypes(drift)).toThrow('nba_raw.contract_games.points: declared INT64, the warehouse has STRING');
    expect(() => refuseRetypes(drift.filter((entry) => entry.kind !== 'retyped_column'))).not.toThrow();
  });
});
