import { memoizedBySqlText } from './sql-text.memo';

describe('memoizedBySqlText', () => {
  it('computes once per text and answers the same text from memory', () => {
    const seen: string[] = [];
    const length = memoizedBySqlText((sql) => {
      seen.push(sql);
      return sql.length;
    });
    expect([length('SELECT 1'), length('SELECT 22'), length('SELECT 1')]).toEqual([8, 9, 8]);
    expect(seen).toEqual(['SELECT 1', 'SELECT 22']);
  });

  it('forgets everything past its capacity and computes again', () => {
    const seen: string[] = [];
    const upper = memoizedBySqlText((sql) => {
      seen.push(sql);
      return sql.toUpperCase();
    }, 2);
    for (const sql of ['a', 'b', 'a', 'c', 'a']) upper(sql);
    // 'c' found two texts kept: they were forgotten, so the last 'a' is computed again.
    expect(seen).toEqual(['a', 'b', 'c', 'a']);
    expect(upper('c')).toBe('C');
  });

  it('remembers nothing of a text whose computation throws', () => {
    let calls = 0;
    const refuse = memoizedBySqlText(() => {
      calls += 1;
      throw new Error('no');
    });
    expect(() => refuse('x')).toThrow('no');
    expect(() => refuse('x')).toThrow('no');
    expect(calls).toBe(2);
  });
});
