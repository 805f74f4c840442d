/**
 * Splits SQL into code and the parts that must never be rewritten or searched: string literals,
 * quoted identifiers and comments. A lexer just good enough for parameter rewriting and the
 * partition guard — not a parser.
 *
 * Understood on both engines: '…' and "…" (with backslash escapes, BigQuery style; DuckDB's
 * doubled '' comes out as two adjacent literals, which is equivalent here), '''…''' and """…""",
 * `…` identifiers, -- and # line comments, block comments.
 * Not understood: DuckDB strings ending in a lone backslash ('C:\'). Pass such values as parameters.
 */
export type SqlSegmentKind = 'code' | 'string' | 'quoted-identifier' | 'comment';

export interface SqlSegment {
  kind: SqlSegmentKind;
  text: string;
}

export function scanSql(sql: string): SqlSegment[] {
  const segments: SqlSegment[] = [];
  let codeStart = 0;
  let index = 0;

  const push = (kind: SqlSegmentKind, end: number): void => {
    if (codeStart < index) segments.push({ kind: 'code', text: sql.slice(codeStart, index) });
    segments.push({ kind, text: sql.slice(index, end) });
    index = end;
    codeStart = end;
  };

  while (index < sql.length) {
    const char = sql[index];
    const next = sql[index + 1];
    if (char === "'" || char === '"') {
      push('string', endOfQuoted(sql, index, char));
    } else if (char === '`') {
      push('quoted-identifier', endOfQuoted(sql, index, '`'));
    } else if ((char === '-' && next === '-') || char === '#') {
      const newline = sql.indexOf('\n', index);
      push('comment', newline === -1 ? sql.length : newline);
    } else if (char === '/' && next === '*') {
      const close = sql.indexOf('*/', index + 2);
      push('comment', close === -1 ? sql.length : close + 2);
    } else {
      index += 1;
    }
  }
  if (codeStart < sql.length) segments.push({ kind: 'code', text: sql.slice(codeStart) });
  return segments;
}

/** Index just past the closing quote of the quoted run starting at `start` (the end of the text if unclosed). */
function endOfQuoted(sql: string, start: number, quote: string): number {
  const triple = quote.repeat(3);
  const closing = quote !== '`' && sql.startsWith(triple, start) ? triple : quote;
  let index = start + closing.length;
  while (index < sql.length) {
    if (sql[index] === '\\') {
      index += 2;
    } else if (sql.startsWith(closing, index)) {
      return index + closing.length;
    } else {
      index += 1;
    }
  }
  return sql.length;
}

/** Applies `rewrite` to the code parts only, leaving literals, quoted identifiers and comments untouched. */
export function rewriteSqlCode(sql: string, rewrite: (code: string) => string): string {
  return scanSql(sql)
    .map((segment) => (segment.kind === 'code' ? rewrite(segment.text) : segment.text))
    .join('');
}

const READING_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'VALUES', 'TABLE', 'DESCRIBE', 'SHOW', 'EXPLAIN', 'SUMMARIZE']);

/**
 * True when the statement only reads (its first keyword is SELECT, WITH, …), so it may run beside
 * writes. Anything else is treated as a write.
 */
export function isReadingStatement(sql: string): boolean {
  const code = scanSql(sql).find((segment) => segment.kind === 'code' && /[A-Za-z]/.test(segment.text));
  const keyword = code?.text.match(/[A-Za-z]+/)?.[0].toUpperCase();
  return keyword !== undefined && READING_KEYWORDS.has(keyword);
}
