import { isNbaTeam, playerLookup, teamCode } from '@lib/identity';
import { PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';

/**
 * A record whose structure is sound but which names something we cannot map: a club outside the
 * NBA (preseason exhibitions), an All-Star team, a knockout game whose teams are not decided yet,
 * a player without a usable name. The record is set aside with this reason and the rest of the
 * payload loads; only a payload whose structure is broken (PayloadShapeError) is dead-lettered.
 */
export class UnmappableRecordError extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`${path}: ${reason}`);
    this.name = 'UnmappableRecordError';
  }
}

/** One record a processor set aside. `key` names it in source_coverage_events (a game id, a matchup, `<game>|player:<id>`). */
export interface SetAsideRecord {
  key: string;
  reason: string;
}

/**
 * A team field as an NBA.com tricode. A value that is not a string or number breaks the structure;
 * an empty spelling (teams not decided yet) or one that is not an NBA team makes the record unmappable.
 */
export function mappableTeam(field: PayloadShape, source: string): string {
  const value = field.value;
  if (typeof value !== 'string' && typeof value !== 'number') throw new PayloadShapeError(field.path, 'a team code or name', value);
  const spelling = String(value).trim();
  if (spelling === '') throw new UnmappableRecordError(field.path, 'team not decided yet (empty team code)');
  if (!isNbaTeam(spelling)) throw new UnmappableRecordError(field.path, `not an NBA team: ${JSON.stringify(spelling)} from ${source}`);
  return teamCode(spelling, source);
}

/** A player's name and lookup key. Not a string breaks the structure; a name without letters makes the record unmappable. */
export function mappablePlayer(name: PayloadShape, source: string): { player_name: string; player_lookup: string } {
  const playerName = name.string().trim();
  try {
    return { player_name: playerName, player_lookup: playerLookup(playerName, source) };
  } catch (error) {
    throw new UnmappableRecordError(name.path, `no usable player name (${(error as Error).message})`);
  }
}

export interface MappedRecords<T> {
  rows: T[];
  setAside: SetAsideRecord[];
}

/**
 * Maps every record; one that throws UnmappableRecordError is set aside under `keyOf(record)` with
 * its reason. Any other error (a broken structure) propagates and refuses the whole payload.
 */
export function keepMappable<R, T>(records: readonly R[], keyOf: (record: R) => string, toRow: (record: R, index: number) => T): MappedRecords<T> {
  const mapped: MappedRecords<T> = { rows: [], setAside: [] };
  records.forEach((record, index) => {
    try {
      mapped.rows.push(toRow(record, index));
    } catch (error) {
      if (!(error instanceof UnmappableRecordError)) throw error;
      mapped.setAside.push({ key: safeKey(keyOf, record, index), reason: error.message });
    }
  });
  return mapped;
}

/** Runs a whole-payload mapping (one game's box score); an unmappable header sets the whole game aside under `key`. */
export function mappableOrSetAside<T>(key: string, toRows: () => MappedRecords<T>): MappedRecords<T> {
  try {
    return toRows();
  } catch (error) {
    if (!(error instanceof UnmappableRecordError)) throw error;
    return { rows: [], setAside: [{ key, reason: error.message }] };
  }
}

function safeKey<R>(keyOf: (record: R) => string, record: R, index: number): string {
  try {
    return keyOf(record);
  } catch {
    return `record ${index}`;
  }
}

/** The run's summary of what was set aside, for processor_runs.detail. */
export function setAsideSummary(setAside: readonly SetAsideRecord[]): string | undefined {
  if (setAside.length === 0) return undefined;
  const shown = setAside.slice(0, 10).map((record) => `${record.key} (${record.reason})`);
  return `${setAside.length} set aside: ${shown.join('; ')}${setAside.length > shown.length ? `; and ${setAside.length - shown.length} more` : ''}`;
}
