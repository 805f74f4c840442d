export type QueryValue = string | number | boolean;
export type QueryParams = Record<string, QueryValue | readonly QueryValue[] | null | undefined>;

/**
 * `{ dates: ['2025-11-05', '2025-11-06'], per_page: 100 }` → `dates[]=2025-11-05&dates[]=2025-11-06&per_page=100`:
 * the bracketed repeat is what balldontlie reads as a list; a bare repeated key would keep only one date.
 * Absent values (undefined, null) are left out rather than sent as empty strings.
 */
export function serializeQueryParams(params: QueryParams): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (isList(value)) {
      const listKey = key.endsWith('[]') ? key.slice(0, -2) : key;
      for (const item of value) pairs.push(`${encodeURIComponent(listKey)}[]=${encodeURIComponent(String(item))}`);
    } else {
      pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
    }
  }
  return pairs.join('&');
}

function isList(value: QueryValue | readonly QueryValue[]): value is readonly QueryValue[] {
  return Array.isArray(value);
}
