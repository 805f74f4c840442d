import { formatRowsAsTable } from './result-table';

describe('formatRowsAsTable', () => {
  it('aligns columns and shows NULL and nested values', () => {
    const table = formatRowsAsTable([
      { team: 'GSW', pts: 119, note: null },
      { team: 'LAL', pts: 109, note: { ot: false } },
    ]);
    expect(table.split('\n')).toEqual([
      '+------+-----+--------------+',
      '| team | pts | note         |',
      '+------+-----+--------------+',
      '| GSW  | 119 | NULL         |',
      '| LAL  | 109 | {"ot":false} |',
      '+------+-----+--------------+',
      '(2 rows)',
    ]);
  });

  it('says when there are no rows', () => {
    expect(formatRowsAsTable([])).toBe('(no rows)');
  });
});
