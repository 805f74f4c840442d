const SQL_SNIPPET_LENGTH = 160;

/** The SQL an error happened on, collapsed to one line and shortened so it fits a log line. */
export function sqlSnippet(sql: string): string {
  const oneLine = sql.replace(/\s+/g, ' ').trim();
  return oneLine.length > SQL_SNIPPET_LENGTH ? `${oneLine.slice(0, SQL_SNIPPET_LENGTH)}…` : oneLine;
}

export interface WarehouseErrorContext {
  /** What was being done: 'query', 'upsert', 'migrate', … */
  operation: string;
  engine: 'duckdb' | 'bigquery';
  /** Qualified name of the table involved, when there is one. */
  table?: string;
  sql?: string;
  cause?: unknown;
}

/**
 * The cause's message. Checked by shape, not instanceof: errors thrown by native bindings (DuckDB)
 * come from another realm under test runners and are not `instanceof Error` there.
 */
function describeCause(cause: unknown): string {
  if (cause === undefined) return '';
  const message = typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause);
  return `: ${message}`;
}

/** Every failure leaving the warehouse says what failed, on which engine, and on what table or SQL. */
export class WarehouseError extends Error {
  readonly operation: string;
  readonly engine: 'duckdb' | 'bigquery';
  readonly table?: string;
  readonly sql?: string;

  constructor(message: string, context: WarehouseErrorContext) {
    const where = [context.table && `table ${context.table}`, context.sql && `sql "${sqlSnippet(context.sql)}"`]
      .filter(Boolean)
      .join(', ');
    const because = describeCause(context.cause);
    super(`${context.engine} ${context.operation} failed${where ? ` (${where})` : ''}: ${message}${because}`, {
      cause: context.cause,
    });
    this.name = new.target.name;
    this.operation = context.operation;
    this.engine = context.engine;
    this.table = context.table;
    this.sql = context.sql;
  }
}

/** A row handed to upsert/insertIfAbsent that does not fit its table's declaration. */
export class InvalidRowError extends Error {
  constructor(
    readonly table: string,
    readonly column: string,
    readonly rowIndex: number,
    problem: string,
  ) {
    super(`row ${rowIndex} for table ${table}: column ${column} ${problem}`);
    this.name = new.target.name;
  }
}

/** SQL reading a partitioned table without filtering its partition column: a full scan in production. */
export class PartitionFilterMissingError extends Error {
  constructor(
    readonly table: string,
    readonly partitionColumn: string,
    sql: string,
  ) {
    super(
      `query reads partitioned table ${table} without a filter on its partition column ${partitionColumn} ` +
        `in a WHERE or ON clause: "${sqlSnippet(sql)}"`,
    );
    this.name = new.target.name;
  }
}

/** A named parameter the SQL uses but the caller did not pass, or a value no engine can bind. */
export class QueryParameterError extends Error {
  constructor(
    readonly parameter: string,
    problem: string,
    sql: string,
  ) {
    super(`query parameter @${parameter} ${problem}: "${sqlSnippet(sql)}"`);
    this.name = new.target.name;
  }
}

export class ReadOnlyWarehouseError extends Error {
  constructor(
    readonly operation: string,
    readonly table?: string,
  ) {
    super(`${operation}${table ? ` on ${table}` : ''} refused: the warehouse was opened read-only`);
    this.name = new.target.name;
  }
}

/** Operator SQL that is not exactly one read statement, or reaches outside the warehouse. */
export class ReadOnlyQueryRefusedError extends Error {
  constructor(reason: string) {
    super(`refused: only one read statement (SELECT) is allowed, and ${reason}`);
    this.name = new.target.name;
  }
}
