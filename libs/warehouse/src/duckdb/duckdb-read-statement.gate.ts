import { DuckDBConnection, DuckDBPreparedStatement, StatementType } from '@duckdb/node-api';
import { ReadOnlyQueryRefusedError } from '../warehouse.errors';

/** Functions the parser accepts inside a SELECT although they change the database (file or sequences). */
const WRITING_FUNCTIONS = new Set(['checkpoint', 'force_checkpoint', 'nextval']);

interface SerializedSql {
  error: boolean;
  error_type?: string;
  error_message?: string;
  statements?: unknown[];
}

/**
 * Decides with DuckDB's own parser whether operator SQL is exactly one SELECT, and prepares it.
 * No text is stripped or searched by us: a `'--'`, `$$…$$` or comment trick parses as what it is.
 * Must be called inside a READ ONLY transaction on an instance without external access, so that
 * even preparing a refused statement can reach nothing.
 */
export async function prepareReadStatement(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  if (sql.includes('\0')) throw new ReadOnlyQueryRefusedError('the query contains a NUL character');
  const serialized = await serializeWithDuckDbParser(connection, sql);
  if (serialized.error) {
    if (serialized.error_type === 'parser') throw new ReadOnlyQueryRefusedError(`DuckDB cannot parse it: ${serialized.error_message}`);
    throw new ReadOnlyQueryRefusedError(await describeNonSelect(connection, sql));
  }
  const statements = serialized.statements ?? [];
  if (statements.length === 0) throw new ReadOnlyQueryRefusedError('the query is empty (DuckDB finds no statement in it)');
  if (statements.length > 1) throw new ReadOnlyQueryRefusedError(`DuckDB parses ${statements.length} statements in it`);
  const writing = [...new Set(functionNames(statements).filter((name) => WRITING_FUNCTIONS.has(name)))];
  if (writing.length > 0) throw new ReadOnlyQueryRefusedError(`it calls ${writing.join(', ')}, which writes to the database`);
  let prepared: DuckDBPreparedStatement;
  try {
    prepared = await connection.prepare(sql);
  } catch (cause) {
    throw refusalOrCause(cause);
  }
  if (prepared.statementType !== StatementType.SELECT) {
    throw new ReadOnlyQueryRefusedError(`DuckDB prepares it as a ${StatementType[prepared.statementType]} statement`);
  }
  return prepared;
}

/** A permission error means the statement reached for a file, URL or extension: a refusal, not a failure. */
export function refusalOrCause(cause: unknown): unknown {
  const message = typeof cause === 'object' && cause !== null && 'message' in cause ? String(cause.message) : String(cause);
  if (/Permission Error/i.test(message)) {
    return new ReadOnlyQueryRefusedError(`it reaches outside the warehouse (files, URLs and extensions are disabled): ${message.split('\n')[0]}`);
  }
  return cause;
}

async function serializeWithDuckDbParser(connection: DuckDBConnection, sql: string): Promise<SerializedSql> {
  // json_serialize_sql needs a constant argument, so the text goes in as a literal: DuckDB's '…' has no
  // escape but the doubled quote, and NUL was refused above.
  const reader = await connection.runAndReadAll(`SELECT json_serialize_sql('${sql.replaceAll("'", "''")}') AS serialized`);
  const [row] = reader.getRowObjectsJson();
  return JSON.parse(String(row.serialized)) as SerializedSql;
}

/** json_serialize_sql serializes SELECTs only; say what DuckDB parsed instead, without preparing it. */
async function describeNonSelect(connection: DuckDBConnection, sql: string): Promise<string> {
  const extracted = await connection.extractStatements(sql);
  if (extracted.count > 1) return `DuckDB parses ${extracted.count} statements in it`;
  // Only for the message: the decision was DuckDB's.
  const firstWord = /^[A-Za-z_]+/.exec(sql.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, ''))?.[0]?.toUpperCase();
  return `DuckDB parses it as ${firstWord ? `a ${firstWord} statement` : 'a statement'}, not a SELECT`;
}

function functionNames(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(functionNames);
  if (typeof node !== 'object' || node === null) return [];
  const own = 'function_name' in node && typeof node.function_name === 'string' ? [node.function_name.toLowerCase()] : [];
  return [...own, ...Object.values(node).flatMap(functionNames)];
}
