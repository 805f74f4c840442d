import {
  nbacGamebookPlayerStatsTable,
  nbacPlayByPlayTable,
  nbacScheduleTable,
  nbacScoreboardTable,
} from '@lib/warehouse';
import { decimalMinutes, PayloadShape } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { RawProcessor, RawRows } from './raw-processor';
import { keepMappable, mappableOrSetAside, mappablePlayer, mappableTeam } from './unmappable-records';

const tricode = (team: PayloadShape) => mappableTeam(team.field('teamTricode'), 'nbacom');

/** scheduleLeagueV2 (phase 1 keeps the requested date's games): one row per scheduled game. */
export class NbacScheduleProcessor implements RawProcessor {
  readonly name = 'nbac_schedule';
  readonly table = nbacScheduleTable;

  toRows(payload: RawPayload): RawRows {
    const schedule = payload.data.field('leagueSchedule');
    const season = schedule.field('seasonYear').optionalString();
    const games = schedule
      .field('gameDates')
      .items()
      .flatMap((day) => day.field('games').items());
    const { rows, setAside } = keepMappable(
      games,
      (game) => game.field('gameId').nonEmptyString(),
      (game) => {
        const status = game.field('gameStatus').integer();
        const final = status === 3;
        return {
          game_date: game.field('gameDateEst').nonEmptyString().slice(0, 10),
          game_id: game.field('gameId').nonEmptyString(),
          season,
          game_code: game.field('gameCode').optionalString(),
          game_status: status,
          game_status_text: game.field('gameStatusText').optionalString()?.trim() ?? null,
          game_label: game.has('gameLabel') ? game.field('gameLabel').string() || null : null,
          start_time_utc: game.field('gameDateTimeUTC').optionalString(),
          home_team_code: tricode(game.field('homeTeam')),
          away_team_code: tricode(game.field('awayTeam')),
          home_team_id: String(game.field('homeTeam').field('teamId').integer()),
          away_team_id: String(game.field('awayTeam').field('teamId').integer()),
          home_score: final ? game.field('homeTeam').field('score').optionalInteger() : null,
          away_score: final ? game.field('awayTeam').field('score').optionalInteger() : null,
          postponed_status: game.field('postponedStatus').optionalString(),
        };
      },
    );
    return { rows, setAside, coverage: gamesListed(rows, 'nbacom') };
  }
}

/** scoreboardv3 by date: status and score per game as the scoreboard showed them. */
export class NbacScoreboardProcessor implements RawProcessor {
  readonly name = 'nbac_scoreboard';
  readonly table = nbacScoreboardTable;

  toRows(payload: RawPayload): RawRows {
    const { rows, setAside } = keepMappable(
      payload.data.field('scoreboard').field('games').items(),
      (game) => game.field('gameId').nonEmptyString(),
      (game) => ({
        game_date: payload.gameDate,
        game_id: game.field('gameId').nonEmptyString(),
        game_status: game.field('gameStatus').integer(),
        game_status_text: game.field('gameStatusText').optionalString()?.trim() ?? null,
        period: game.field('period').optionalInteger(),
        start_time_utc: game.field('gameTimeUTC').optionalString(),
        home_team_code: tricode(game.field('homeTeam')),
        away_team_code: tricode(game.field('awayTeam')),
        home_score: game.field('homeTeam').field('score').optionalInteger(),
        away_score: game.field('awayTeam').field('score').optionalInteger(),
      }),
    );
    return { rows, setAside, coverage: gamesListed(rows, 'nbacom') };
  }
}

/** boxscoretraditionalv3 for one game: every rostered player, starters by position, DNPs by comment. */
export class NbacBoxscoreProcessor implements RawProcessor {
  readonly name = 'nbac_boxscore';
  readonly table = nbacGamebookPlayerStatsTable;

  toRows(payload: RawPayload): RawRows {
    const box = payload.data.field('boxScoreTraditional');
    const gameId = box.field('gameId').nonEmptyString();
    // A game between teams we cannot map (the All-Star game) is set aside whole; a player without a usable name alone.
    const { rows, setAside } = mappableOrSetAside(gameId, () => {
      const home = tricode(box.field('homeTeam'));
      const away = tricode(box.field('awayTeam'));
      const perTeam = [box.field('homeTeam'), box.field('awayTeam')].map((team) => {
        const code = tricode(team);
        return keepMappable(
          team.field('players').items(),
          (player) => `${gameId}|player:${String(player.field('personId').value)}`,
          (player) => {
            const stats = player.field('statistics');
            const count = (name: string) => stats.field(name).optionalInteger();
            const first = player.field('firstName').string();
            const family = player.field('familyName').string();
            return {
              game_date: payload.gameDate,
              game_id: gameId,
              home_team_code: home,
              away_team_code: away,
              player_id: player.field('personId').integer(),
              ...mappablePlayer(new PayloadShape(`${first} ${family}`.trim(), `${player.path}.firstName+familyName`), 'nbacom'),
              team_code: code,
              minutes: stats.field('minutes').convert(decimalMinutes, 'minutes'),
              points: count('points'),
              fgm: count('fieldGoalsMade'),
              fga: count('fieldGoalsAttempted'),
              fg3m: count('threePointersMade'),
              fg3a: count('threePointersAttempted'),
              ftm: count('freeThrowsMade'),
              fta: count('freeThrowsAttempted'),
              oreb: count('reboundsOffensive'),
              dreb: count('reboundsDefensive'),
              reb: count('reboundsTotal'),
              ast: count('assists'),
              stl: count('steals'),
              blk: count('blocks'),
              tov: count('turnovers'),
              pf: count('foulsPersonal'),
              plus_minus: stats.has('plusMinusPoints') ? Math.round(stats.field('plusMinusPoints').number()) : null,
              starter: (player.field('position').optionalString() ?? '') !== '',
              comment: player.field('comment').optionalString()?.trim() || null,
            };
          },
        );
      });
      return { rows: perTeam.flatMap((team) => team.rows), setAside: perTeam.flatMap((team) => team.setAside) };
    });
    return { rows, setAside, coverage: [{ source: 'nbacom', gameId, available: rows.length > 0, rows: rows.length }] };
  }
}

/** playbyplayv3 for one game. Marked 'nbacom_fallback' when phase 1 fetched it in place of BigDataBall. */
export class NbacPlayByPlayProcessor implements RawProcessor {
  readonly name = 'nbac_play_by_play';
  readonly table = nbacPlayByPlayTable;

  toRows(payload: RawPayload): RawRows {
    const game = payload.data.field('game');
    const gameId = game.field('gameId').nonEmptyString();
    const dataSource = payload.fallbackFor === 'bigdataball' ? 'nbacom_fallback' : 'nbacom';
    const { rows, setAside } = keepMappable(
      game.field('actions').items(),
      (action) => `${gameId}|action:${String(action.field('actionNumber').value)}`,
      (action) => ({
        game_date: payload.gameDate,
        game_id: gameId,
        action_number: action.field('actionNumber').integer(),
        period: action.field('period').integer(),
        clock: action.field('clock').optionalString(),
        team_code: action.has('teamTricode') && action.field('teamTricode').string() !== '' ? tricode(action) : null,
        person_id: action.field('personId').optionalInteger() || null,
        player_name: action.field('playerName').optionalString() || null,
        action_type: action.field('actionType').optionalString(),
        sub_type: action.field('subType').optionalString() || null,
        shot_result: action.field('shotResult').optionalString() || null,
        shot_value: action.field('shotValue').optionalInteger(),
        points_total: action.field('pointsTotal').optionalInteger(),
        score_home: action.field('scoreHome').optionalInteger(),
        score_away: action.field('scoreAway').optionalInteger(),
        description: action.field('description').optionalString(),
        data_source: dataSource,
      }),
    );
    return {
      rows,
      setAside,
      coverage: [
        {
          source: 'nbacom',
          gameId: payload.gameId ?? gameId,
          available: rows.length > 0,
          rows: rows.length,
          detail: dataSource === 'nbacom_fallback' ? 'fetched in place of BigDataBall' : undefined,
        },
      ],
    };
  }
}

/** A game list's coverage: each listed game was available from the source. */
export function gamesListed(rows: Array<{ game_id: string }>, source: string): NonNullable<RawRows['coverage']> {
  return rows.map((row) => ({ source, gameId: row.game_id, available: true, rows: 1 }));
}
