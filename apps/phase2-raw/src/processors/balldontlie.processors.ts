import { bdlGamesTable, bdlPlayerBoxscoresTable } from '@lib/warehouse';
import { PayloadShape } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { balldontlieLine } from './box-score-line';
import { matchupsListed } from './matchup-coverage';
import { RawProcessor, RawRows } from './raw-processor';
import { keepMappable, mappablePlayer, mappableTeam } from './unmappable-records';

const abbreviation = (team: PayloadShape) => mappableTeam(team.field('abbreviation'), 'balldontlie');

const fullName = (player: PayloadShape) =>
  new PayloadShape(`${player.field('first_name').string()} ${player.field('last_name').string()}`.trim(), `${player.path}.first_name+last_name`);

/** /v1/games by date. */
export class BdlGamesProcessor implements RawProcessor {
  readonly name = 'bdl_games';
  readonly table = bdlGamesTable;

  toRows(payload: RawPayload): RawRows {
    const { rows, setAside } = keepMappable(
      payload.data.field('data').items(),
      (game) => `bdl:${String(game.field('id').value)}`,
      (game) => ({
        game_date: game.field('date').nonEmptyString().slice(0, 10),
        bdl_game_id: game.field('id').integer(),
        season: game.field('season').optionalInteger(),
        status: game.field('status').optionalString(),
        period: game.field('period').optionalInteger(),
        postseason: game.field('postseason').optionalBoolean(),
        postponed: game.has('postponed') ? game.field('postponed').boolean() : null,
        start_time_utc: game.has('datetime') ? game.field('datetime').string() : null,
        home_team_code: abbreviation(game.field('home_team')),
        away_team_code: abbreviation(game.field('visitor_team')),
        home_score: game.field('home_team_score').optionalInteger(),
        away_score: game.field('visitor_team_score').optionalInteger(),
      }),
    );
    return { rows, setAside, coverage: matchupsListed(rows, 'balldontlie') };
  }
}

/** /v1/stats by date (cursor-paged; a partial payload loads the pages it has). */
export class BdlPlayerStatsProcessor implements RawProcessor {
  readonly name = 'bdl_player_stats';
  readonly table = bdlPlayerBoxscoresTable;

  toRows(payload: RawPayload): RawRows {
    const { rows, setAside } = keepMappable(
      payload.data.field('data').items(),
      (stat) => `bdl:${String(stat.field('game').field('id').value)}|player:${String(stat.field('player').field('id').value)}`,
      (stat) => ({
        game_date: payload.gameDate,
        bdl_game_id: stat.field('game').field('id').integer(),
        bdl_player_id: stat.field('player').field('id').integer(),
        ...mappablePlayer(fullName(stat.field('player')), 'balldontlie'),
        team_code: abbreviation(stat.field('team')),
        ...balldontlieLine(stat),
        endpoint: 'stats',
      }),
    );
    return { rows, setAside, coverage: coverageByTeam(rows) };
  }
}

/** /v1/box_scores by date: the same lines nested per game and team, without a game id. */
export class BdlBoxScoresProcessor implements RawProcessor {
  readonly name = 'bdl_box_scores';
  readonly table = bdlPlayerBoxscoresTable;

  toRows(payload: RawPayload): RawRows {
    // A team we cannot map sets its players aside (keyed by the spelling); each player without a usable name alone.
    const teams = payload.data
      .field('data')
      .items()
      .flatMap((game) => [game.field('home_team'), game.field('visitor_team')])
      .map((team) =>
        keepMappable(
          team.field('players').items(),
          (stat) => `team:${String(team.field('abbreviation').value)}|player:${String(stat.field('player').field('id').value)}`,
          (stat) => ({
            game_date: payload.gameDate,
            bdl_game_id: null,
            bdl_player_id: stat.field('player').field('id').integer(),
            ...mappablePlayer(fullName(stat.field('player')), 'balldontlie'),
            team_code: abbreviation(team),
            ...balldontlieLine(stat),
            endpoint: 'box_scores',
          }),
        ),
      );
    const rows = teams.flatMap((team) => team.rows);
    return { rows, setAside: teams.flatMap((team) => team.setAside), coverage: coverageByTeam(rows) };
  }
}

/** balldontlie lines carry teams, not NBA.com game ids: coverage is recorded per team (`team:<code>`). */
function coverageByTeam(rows: Array<{ team_code: string }>): RawRows['coverage'] {
  const perTeam = new Map<string, number>();
  for (const row of rows) perTeam.set(row.team_code, (perTeam.get(row.team_code) ?? 0) + 1);
  return [...perTeam].map(([code, count]) => ({ source: 'balldontlie', gameId: `team:${code}`, available: true, rows: count }));
}
