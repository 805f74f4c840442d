import { oddsApiEventsTable, oddsApiPlayerPointsPropsTable } from '@lib/warehouse';
import { PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { matchupsListed } from './matchup-coverage';
import { RawProcessor, RawRow, RawRows } from './raw-processor';
import { keepMappable, mappableOrSetAside, mappablePlayer, mappableTeam, SetAsideRecord, UnmappableRecordError } from './unmappable-records';

const teamByName = (name: PayloadShape) => mappableTeam(name, 'odds_api');

/** The Odds API events of a date. */
export class OddsEventsProcessor implements RawProcessor {
  readonly name = 'odds_events';
  readonly table = oddsApiEventsTable;

  toRows(payload: RawPayload): RawRows {
    const { rows, setAside } = keepMappable(
      payload.data.items(),
      (event) => `odds:${event.field('id').nonEmptyString()}`,
      (event) => ({
        game_date: payload.gameDate,
        event_id: event.field('id').nonEmptyString(),
        commence_time: event.field('commence_time').nonEmptyString(),
        home_team_code: teamByName(event.field('home_team')),
        away_team_code: teamByName(event.field('away_team')),
      }),
    );
    return { rows, setAside, coverage: matchupsListed(rows, 'odds_api') };
  }
}

/**
 * One event's player_points odds: each bookmaker's Over and Under outcomes paired by player and line
 * (books that list alternate lines give several rows per player). A line with only one side keeps
 * the other price null.
 */
export class OddsPlayerPointsProcessor implements RawProcessor {
  readonly name = 'odds_player_points';
  readonly table = oddsApiPlayerPointsPropsTable;

  toRows(payload: RawPayload): RawRows {
    const event = payload.data;
    const eventId = event.field('id').nonEmptyString();
    const { rows: teams, setAside: eventSetAside } = mappableOrSetAside(payload.gameId ?? `odds:${eventId}`, () => ({
      rows: [{ home_team_code: teamByName(event.field('home_team')), away_team_code: teamByName(event.field('away_team')) }],
      setAside: [],
    }));
    if (teams.length === 0) return { rows: [], setAside: eventSetAside };
    const base = {
      game_date: payload.gameDate,
      game_id: payload.gameId,
      event_id: eventId,
      commence_time: event.field('commence_time').nonEmptyString(),
      ...teams[0],
    };
    const rows = new Map<string, RawRow>();
    const setAside: SetAsideRecord[] = [];
    let repeated = 0;
    for (const bookmaker of event.field('bookmakers').items()) {
      const book = bookmaker.field('key').nonEmptyString();
      for (const market of bookmaker.field('markets').items()) {
        if (market.field('key').string() !== 'player_points') continue;
        const lastUpdate = market.field('last_update').optionalString() ?? bookmaker.field('last_update').optionalString();
        for (const outcome of market.field('outcomes').items()) {
          const side = outcome.field('name').string();
          if (side !== 'Over' && side !== 'Under') throw new PayloadShapeError(`${outcome.path}.name`, "'Over' or 'Under'", side);
          let player: { player_name: string; player_lookup: string };
          try {
            player = mappablePlayer(outcome.field('description'), 'odds_api');
          } catch (error) {
            if (!(error instanceof UnmappableRecordError)) throw error;
            setAside.push({ key: `${payload.gameId ?? `odds:${eventId}`}|${book}|outcome:${outcome.path}`, reason: error.message });
            continue;
          }
          const { player_name: playerName, player_lookup: lookup } = player;
          const line = outcome.field('point').number();
          const key = `${book}|${lookup}|${line}`;
          const row = rows.get(key) ?? {
            ...base,
            player_name: playerName,
            player_lookup: lookup,
            bookmaker: book,
            line,
            over_price: null,
            under_price: null,
            bookmaker_last_update: lastUpdate,
          };
          const priceColumn = side === 'Over' ? 'over_price' : 'under_price';
          const price = outcome.field('price').number();
          // Books sometimes list the same player and line twice with different prices; the first listing is kept, and counted.
          if (row[priceColumn] !== null) repeated += 1;
          else row[priceColumn] = price;
          rows.set(key, row);
        }
      }
    }
    const players = new Set([...rows.values()].map((row) => row.player_lookup));
    return {
      rows: [...rows.values()],
      setAside,
      ...(repeated > 0 ? { detail: `${repeated} outcomes repeated a bookmaker's player and line with another price; the first listing was kept` } : {}),
      coverage: payload.gameId ? [{ source: 'odds_api', gameId: payload.gameId, available: rows.size > 0, rows: players.size, detail: `${players.size} players with a line` }] : [],
    };
  }
}
