import { parseCsv } from '@lib/platform';
import { teamByCode } from './nba-teams.catalog';
import { DATA_DIR, readSample, readSeasonCsv } from './replay.test-support';
import { bdlGameId, espnEventId, isFinalAt, loadSeasonData, SeasonData } from './season-data.loader';

interface ScoreboardSample {
  scoreboard: { games: Array<{ gameId: string; gameTimeUTC: string; homeTeam: { teamTricode: string; wins: number; losses: number }; awayTeam: { teamTricode: string; wins: number; losses: number } }> };
}

describe('the bundled season as the replay loads it', () => {
  let season: SeasonData;

  beforeAll(() => {
    season = loadSeasonData({ dataDir: DATA_DIR });
  });

  it('reads every game of games.csv', () => {
    expect(season.games).toHaveLength(readSeasonCsv('games.csv').length);
    expect(season.games).toHaveLength(785);
  });

  it('counts a game as having a result only when both its score and its box score are bundled', () => {
    const withheld = season.games.filter((game) => game.gameDate >= '2025-11-24' && game.gameDate <= '2025-12-06');
    const afterBoxScores = season.games.filter((game) => game.gameDate > '2026-01-19');
    expect(withheld).toHaveLength(97);
    expect(withheld.every((game) => !game.hasResult)).toBe(true);
    expect(afterBoxScores.length).toBeGreaterThan(0);
    expect(afterBoxScores.every((game) => !game.hasResult)).toBe(true);
    expect(season.games.filter((game) => game.hasResult)).toHaveLength(new Set(readSeasonCsv('player_box.csv').map((row) => row.game_id)).size);
  });

  it('takes tip-off times that agree with NBA.com’s own scoreboard for 2025-11-05', () => {
    const sample = readSample<ScoreboardSample>('nba_stats/scoreboardv3_2025-11-05.json');
    for (const real of sample.scoreboard.games) {
      expect({ gameId: real.gameId, tip: season.gamesById.get(real.gameId)!.tip.toISOString().replace('.000', '') }).toEqual({ gameId: real.gameId, tip: real.gameTimeUTC });
    }
  });

  it('prefers the Odds API events list, then the props snapshot, then 7 pm local for tip-off', () => {
    const sources = new Set(season.games.map((game) => game.tipSource));
    expect(sources).toEqual(new Set(['odds_api_events_list', 'odds_api_props', 'default_local_7pm']));
    const opener = season.gamesById.get('0022500001')!;
    expect(opener.tipSource).toBe('odds_api_events_list');
    expect(opener.tip.toISOString()).toBe('2025-10-21T23:30:00.000Z');
    const defaulted = season.games.find((game) => game.tipSource === 'default_local_7pm' && game.home.code === 'LAL')!;
    expect(new Intl.DateTimeFormat('en-US', { timeZone: 'America/Los_Angeles', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(defaulted.tip)).toBe('19:00');
  });

  it('ends a game 2 h 15 min after tip-off, plus 15 min per overtime read from the players’ minutes', () => {
    const regulation = season.games.find((game) => game.periods === 4)!;
    const doubleOvertime = season.games.find((game) => game.periods === 6)!;
    expect(regulation.end.getTime() - regulation.tip.getTime()).toBe(135 * 60_000);
    expect(doubleOvertime.end.getTime() - doubleOvertime.tip.getTime()).toBe((135 + 30) * 60_000);
    expect(isFinalAt(regulation, new Date(regulation.end.getTime() - 1))).toBe(false);
    expect(isFinalAt(regulation, regulation.end)).toBe(true);
  });

  it('computes team records that match NBA.com’s after the 2025-11-05 games', () => {
    const sample = readSample<ScoreboardSample>('nba_stats/scoreboardv3_2025-11-05.json');
    for (const real of sample.scoreboard.games) {
      const game = season.gamesById.get(real.gameId)!;
      for (const side of [real.homeTeam, real.awayTeam]) {
        const record = season.recordBefore(side.teamTricode, game, true);
        expect({ team: side.teamTricode, wins: record.wins, losses: record.losses }).toEqual({ team: side.teamTricode, wins: side.wins, losses: side.losses });
      }
    }
  });

  it('numbers balldontlie teams 1..30 alphabetically, as the real /v1/games sample does (ATL 1, MIA 16)', () => {
    const sample = readSample<{ home_team: { abbreviation: string; id: number }; visitor_team: { abbreviation: string; id: number } }>(
      'balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json',
    );
    expect(teamByCode(sample.home_team.abbreviation).bdlId).toBe(sample.home_team.id);
    expect(teamByCode(sample.visitor_team.abbreviation).bdlId).toBe(sample.visitor_team.id);
  });

  it('derives distinct balldontlie, ESPN and Odds API ids that never equal the NBA id', () => {
    expect(new Set(season.games.map((game) => game.bdlId)).size).toBe(season.games.length);
    expect(new Set(season.games.map((game) => game.espnId)).size).toBe(season.games.length);
    expect(new Set(season.games.map((game) => game.oddsEvent.id)).size).toBe(season.games.length);
    expect(bdlGameId('0022500171')).toBe(18_400_171);
    expect(espnEventId('0062500001')).toBe('401890001');
    expect(season.games.some((game) => String(game.bdlId) === game.gameId || game.espnId === game.gameId)).toBe(false);
  });

  it('keeps the real Odds API event ids of the props file', () => {
    const props = readSeasonCsv('props_player_points.csv');
    const realIds = new Set(props.map((row) => row.event_id));
    const gameOfProp = new Map(props.map((row) => [row.game_id, row.event_id]));
    for (const [gameId, eventId] of gameOfProp) expect(season.gamesById.get(gameId)!.oddsEvent.id).toBe(eventId);
    expect(season.games.filter((game) => realIds.has(game.oddsEvent.id)).length).toBe(gameOfProp.size);
  });
});

describe('the CSV reader', () => {
  it('splits plain lines on commas and keeps quoted commas inside their field', () => {
    expect(parseCsv('a,b,c\n1,"x, y",3\n4,"say ""hi""",6\n')).toEqual([
      { a: '1', b: 'x, y', c: '3' },
      { a: '4', b: 'say "hi"', c: '6' },
    ]);
  });

  it('reads empty fields as empty strings and ignores a trailing newline', () => {
    expect(parseCsv('a,b\n1,\n')).toEqual([{ a: '1', b: '' }]);
  });
});
