import { espnBoxscoresTable, espnScoreboardTable } from '@lib/warehouse';
import { decimalMinutes, PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { matchupsListed } from './matchup-coverage';
import { RawProcessor, RawRows } from './raw-processor';
import { keepMappable, mappableOrSetAside, mappablePlayer, mappableTeam, MappedRecords } from './unmappable-records';

const espnTeam = (team: PayloadShape) => mappableTeam(team.field('abbreviation'), 'espn');

function sides(competition: PayloadShape): { home: PayloadShape; away: PayloadShape } {
  const competitors = competition.field('competitors').items();
  const home = competitors.find((side) => side.field('homeAway').string() === 'home');
  const away = competitors.find((side) => side.field('homeAway').string() === 'away');
  if (!home || !away) throw new PayloadShapeError(`${competition.path}.competitors`, 'one home and one away competitor', competition.field('competitors').value);
  return { home, away };
}

/** ESPN scoreboard by date: event ids and status, matched to NBA.com games later by date and teams. */
export class EspnScoreboardProcessor implements RawProcessor {
  readonly name = 'espn_scoreboard';
  readonly table = espnScoreboardTable;

  toRows(payload: RawPayload): RawRows {
    const { rows, setAside } = keepMappable(
      payload.data.field('events').items(),
      (event) => `espn:${event.field('id').nonEmptyString()}`,
      (event) => {
        const competition = event.field('competitions').items()[0] ?? new PayloadShape(undefined, `${event.path}.competitions[0]`);
        const { home, away } = sides(competition);
        const statusType = event.field('status').field('type');
        return {
          game_date: payload.gameDate,
          espn_event_id: event.field('id').nonEmptyString(),
          status: statusType.field('name').optionalString(),
          completed: statusType.field('completed').optionalBoolean(),
          start_time_utc: event.field('date').optionalString(),
          home_team_code: espnTeam(home.field('team')),
          away_team_code: espnTeam(away.field('team')),
          home_score: home.field('score').optionalInteger(),
          away_score: away.field('score').optionalInteger(),
        };
      },
    );
    return { rows, setAside, coverage: matchupsListed(rows, 'espn') };
  }
}

/** ESPN game summary for one game: the box score, stat columns located by their labels. */
export class EspnGameSummaryProcessor implements RawProcessor {
  readonly name = 'espn_game_summary';
  readonly table = espnBoxscoresTable;

  toRows(payload: RawPayload): RawRows {
    const eventId = payload.data.field('header').field('id').nonEmptyString();
    const { home, away } = sides(payload.data.field('header').field('competitions').items()[0] ?? new PayloadShape(undefined, 'payload.data.header.competitions[0]'));
    const gameKey = payload.gameId ?? `espn:${eventId}`;
    // A game between teams we cannot map (the All-Star game) is set aside whole; a nameless athlete alone.
    const { rows, setAside } = mappableOrSetAside(gameKey, () => {
      const homeCode = espnTeam(home.field('team'));
      const awayCode = espnTeam(away.field('team'));
      const blocks: Array<MappedRecords<Record<string, unknown>>> = payload.data
        .field('boxscore')
        .field('players')
        .items()
        .flatMap((team) => {
          const code = espnTeam(team.field('team'));
          return team
            .field('statistics')
            .items()
            .map((block) => {
              const labels = block.field('labels').items().map((label) => label.string());
              return keepMappable(
                block.field('athletes').items(),
                (entry) => `${gameKey}|player:espn:${String(entry.field('athlete').field('id').value)}`,
                (entry) => {
                  const didNotPlay = entry.has('didNotPlay') ? entry.field('didNotPlay').boolean() : false;
                  const stats = entry.field('stats').items();
                  const stat = (label: string) => {
                    const at = labels.indexOf(label);
                    return at >= 0 && stats[at] ? stats[at] : new PayloadShape(null, `${entry.path}.stats[${label}]`);
                  };
                  const made = (label: string) => madeAttempted(stat(label));
                  const count = (label: string) => (didNotPlay ? null : plainInteger(stat(label)));
                  const [fgm, fga] = didNotPlay ? [null, null] : made('FG');
                  const [fg3m, fg3a] = didNotPlay ? [null, null] : made('3PT');
                  const [ftm, fta] = didNotPlay ? [null, null] : made('FT');
                  return {
                    game_date: payload.gameDate,
                    espn_event_id: eventId,
                    game_id: payload.gameId,
                    home_team_code: homeCode,
                    away_team_code: awayCode,
                    espn_athlete_id: entry.field('athlete').field('id').nonEmptyString(),
                    ...mappablePlayer(entry.field('athlete').field('displayName'), 'espn'),
                    team_code: code,
                    minutes: didNotPlay ? 0 : stat('MIN').convert(decimalMinutes, 'minutes'),
                    points: count('PTS'),
                    fgm,
                    fga,
                    fg3m,
                    fg3a,
                    ftm,
                    fta,
                    oreb: count('OREB'),
                    dreb: count('DREB'),
                    reb: count('REB'),
                    ast: count('AST'),
                    stl: count('STL'),
                    blk: count('BLK'),
                    tov: count('TO'),
                    pf: count('PF'),
                    plus_minus: count('+/-'),
                    starter: entry.field('starter').optionalBoolean(),
                    did_not_play: didNotPlay,
                    // ESPN sends a reason for every athlete ("COACH'S DECISION" for the starters too); only a DNP's means anything.
                    dnp_reason: didNotPlay ? entry.field('reason').optionalString() || null : null,
                  };
                },
              );
            });
        });
      return { rows: blocks.flatMap((block) => block.rows), setAside: blocks.flatMap((block) => block.setAside) };
    });
    return { rows, setAside, coverage: [{ source: 'espn', gameId: gameKey, available: rows.length > 0, rows: rows.length }] };
  }
}

/** '5-12' → [5, 12]; ESPN writes '--' for no value. */
function madeAttempted(cell: PayloadShape): [number | null, number | null] {
  const text = cell.optionalString();
  if (text === null || text === '--' || text === '') return [null, null];
  const match = /^(\d+)-(\d+)$/.exec(text);
  if (!match) throw new PayloadShapeError(cell.path, 'made-attempted like "5-12"', text);
  return [Number(match[1]), Number(match[2])];
}

/** '7', '+5', '-3'; '--' is no value. */
function plainInteger(cell: PayloadShape): number | null {
  const text = cell.optionalString();
  if (text === null || text === '--' || text === '') return null;
  if (!/^[+-]?\d+$/.test(text)) throw new PayloadShapeError(cell.path, 'an integer', text);
  return Number(text);
}
