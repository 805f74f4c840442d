const WRITE_KEYWORDS = [
  'INSERT', 'UPDATE', 'DELETE', 'MERGE', 'CREATE', 'DROP', 'ALTER', 'TRUNCATE', 'ATTACH', 'DETACH', 'COPY',
  'INSTALL', 'LOAD', 'SET', 'RESET', 'PRAGMA', 'CALL', 'EXPORT', 'IMPORT', 'CHECKPOINT', 'VACUUM', 'GRANT', 'REVOKE',
  'BEGIN', 'COMMIT', 'ROLLBACK', 'USE', 'DECLARE', 'EXECUTE',
];
const READ_STARTS = ['SELECT', 'WITH', 'DESCRIBE', 'SHOW', 'EXPLAIN', 'SUMMARIZE', 'FROM', 'VALUES', 'TABLE'];

export class ReadOnlyViolationError extends Error {
  constructor(reason: string) {
    super(`only read-only queries are allowed: ${reason}`);
    this.name = 'ReadOnlyViolationError';
  }
}

/**
 * Refuses SQL that could write: more than one statement, a statement that does not start like a read,
 * or a write keyword anywhere outside string literals and comments. Deliberately strict: a read that
 * trips it can be rephrased, a write that slipped through could not be undone.
 */
export function assertReadOnlySql(sql: string): string {
  const code = sql
    .replace(/--[^\n]*/g, ' ')
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/'(?:[^']|'')*'/g, "''")
    .replace(/"(?:[^"]|"")*"/g, '""')
    .replace(/`[^`]*`/g, '``')
    .trim()
    .replace(/;\s*$/, '');
  if (code.length === 0) throw new ReadOnlyViolationError('the query is empty');
  if (code.includes(';')) throw new ReadOnlyViolationError('only one statement may be given');
  const firstWord = code.split(/[\s(]+/)[0].toUpperCase();
  if (!READ_STARTS.includes(firstWord)) throw new ReadOnlyViolationError(`a statement starting with ${firstWord} is not a read`);
  const words = new Set(code.toUpperCase().split(/[^A-Z_]+/));
  const writes = WRITE_KEYWORDS.filter((keyword) => words.has(keyword));
  if (writes.length > 0) throw new ReadOnlyViolationError(`it contains ${writes.join(', ')}`);
  return sql.trim().replace(/;\s*$/, '');
}
