/**
 * `compute` remembered by SQL text. The warehouse's statements are a fixed set of parameterized
 * texts run thousands of times a season, and scanning each for its parameters, its DuckDB spelling
 * and its partition filters again on every run is main-thread CPU every phase waits on. Forgets
 * everything past `capacity` texts (a caller passing ever-new SQL keeps a bounded memory).
 */
export function memoizedBySqlText<T>(compute: (sql: string) => T, capacity = 1024): (sql: string) => T {
  const known = new Map<string, T>();
  return (sql) => {
    if (known.has(sql)) return known.get(sql)!;
    const value = compute(sql);
    if (known.size >= capacity) known.clear();
    known.set(sql, value);
    return value;
  };
}
