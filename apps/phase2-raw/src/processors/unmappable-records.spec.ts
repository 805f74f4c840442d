import fs from 'node:fs';
import path from 'node:path';
import { PayloadShape, PayloadShapeError } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { RawProcessors } from './raw-processors';
import { keepMappable, mappableTeam, setAsideSummary, UnmappableRecordError } from './unmappable-records';

/**
 * One rule for every source: a record naming a team or player we cannot map is set aside with its
 * reason and the rest of the payload loads; a payload whose structure is broken is refused whole.
 * Each case starts from a REAL response of the corpus (data/samples) and changes one record, as
 * the comment says; BigDataBall, which has no real response in the corpus, uses a hand-made CSV.
 */
const SAMPLES = path.resolve(__dirname, '../../../../data/samples');
const real = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8')) as T;
const processors = new RawProcessors();

function load(scraper: string, source: string, data: unknown, extra: Partial<RawPayload> = {}) {
  const payload: RawPayload = {
    path: `raw/${source}/test/2025-01-01/run-1.json`,
    scraper,
    source,
    endpoint: 'test',
    gameDate: '2025-01-01',
    gameId: null,
    fallbackFor: null,
    runId: 'run-1',
    fetchedAt: '2025-01-02T10:00:00Z',
    status: 'success',
    missing: [],
    data: new PayloadShape(data, 'payload.data'),
    ...extra,
  };
  return processors.forScraper(scraper).toRows(payload);
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('mappableTeam and keepMappable', () => {
  it('maps any spelling of an NBA team, calls an empty or foreign team unmappable, and a non-string a broken structure', () => {
    expect(mappableTeam(new PayloadShape('UTAH', 'x'), 'espn')).toBe('UTA');
    expect(() => mappableTeam(new PayloadShape('', 'x.teamTricode'), 'nbacom')).toThrow(new UnmappableRecordError('x.teamTricode', 'team not decided yet (empty team code)'));
    expect(() => mappableTeam(new PayloadShape('NZB', 'x.teamTricode'), 'nbacom')).toThrow(UnmappableRecordError);
    expect(() => mappableTeam(new PayloadShape({ code: 'BOS' }, 'x.teamTricode'), 'nbacom')).toThrow(PayloadShapeError);
  });

  it('sets aside only unmappable records and lets any other error through', () => {
    const mapped = keepMappable(['BOS', 'NZB', 'LAL'], (code) => code, (code) => mappableTeam(new PayloadShape(code, code), 'test'));
    expect(mapped).toEqual({ rows: ['BOS', 'LAL'], setAside: [{ key: 'NZB', reason: 'NZB: not an NBA team: "NZB" from test' }] });
    expect(() => keepMappable([1], String, () => { throw new PayloadShapeError('p', 'a string', 1); })).toThrow(PayloadShapeError);
    expect(setAsideSummary(mapped.setAside)).toBe('1 set aside: NZB (NZB: not an NBA team: "NZB" from test)');
  });
});

describe('balldontlie', () => {
  it('/v1/stats: a line of an All-Star team (real Finals game 7, one line given team TMC) is set aside, the other 29 load', () => {
    const stats = real<Json>('balldontlie/v1_stats_2025-06-22_IND_at_OKC_finals_game7.json');
    stats.data[3].team.abbreviation = 'TMC';
    const { rows, setAside } = load('bdl_player_stats', 'balldontlie', stats);
    expect(rows).toHaveLength(29);
    expect(setAside).toEqual([{ key: `bdl:18444564|player:${stats.data[3].player.id}`, reason: expect.stringContaining('not an NBA team: "TMC" from balldontlie') }]);
  });

  it('/v1/stats: a line without a last name is a broken structure, refused whole', () => {
    const stats = real<Json>('balldontlie/v1_stats_2025-06-22_IND_at_OKC_finals_game7.json');
    delete stats.data[3].player.last_name;
    expect(() => load('bdl_player_stats', 'balldontlie', stats)).toThrow(/payload\.data\.data\[3\]\.player\.last_name must be a string, got nothing/);
  });

  it('/v1/games: an undecided visitor (real 2025-02-20, one abbreviation emptied) is set aside, eight games load', () => {
    const games = real<Json>('balldontlie/v1_games_2025-02-20.json');
    games.data[0].visitor_team.abbreviation = '';
    const { rows, setAside } = load('bdl_games', 'balldontlie', games);
    expect(rows).toHaveLength(8);
    expect(setAside).toEqual([{ key: 'bdl:15908525', reason: expect.stringContaining('team not decided yet') }]);
  });

  it('/v1/box_scores: the players of a team we cannot map are set aside (real 2024-01-15, HOU renamed WLD)', () => {
    const boxes = real<Json>('balldontlie/v1_box_scores_2024-01-15.json');
    const visitors = boxes.data[0].visitor_team.players.length;
    boxes.data[0].visitor_team.abbreviation = 'WLD';
    const { rows, setAside } = load('bdl_box_scores', 'balldontlie', boxes);
    expect(rows).toHaveLength(384 - visitors);
    expect(setAside).toHaveLength(visitors);
    expect(setAside![0].key).toMatch(/^team:WLD\|player:\d+$/);
  });
});

describe('ESPN', () => {
  it('scoreboard: an event of All-Star teams (real 2024-01-15, one team GIA) is set aside, ten load', () => {
    const board = real<Json>('espn/scoreboard_2024-01-15_MLK_day.json');
    board.events[0].competitions[0].competitors[0].team.abbreviation = 'GIA';
    const { rows, setAside } = load('espn_scoreboard', 'espn', board);
    expect(rows).toHaveLength(10);
    expect(setAside).toEqual([{ key: 'espn:401585183', reason: expect.stringContaining('"GIA"') }]);
  });

  it('game summary: a game between teams we cannot map (real 401468642, home team LEB) is set aside whole, not refused', () => {
    const summary = real<Json>('espn/summary_401468642_DAL_at_HOU_2022-12-23.json');
    const home = summary.header.competitions[0].competitors.find((side: Json) => side.homeAway === 'home');
    home.team.abbreviation = 'LEB';
    const { rows, setAside } = load('espn_game_summary', 'espn', summary, { gameId: '0022200480' });
    expect(rows).toEqual([]);
    expect(setAside).toEqual([{ key: '0022200480', reason: expect.stringContaining('"LEB"') }]);
  });

  it('game summary: an athlete without a usable name (real 401468642, one displayName "--") is set aside, 25 load', () => {
    const summary = real<Json>('espn/summary_401468642_DAL_at_HOU_2022-12-23.json');
    summary.boxscore.players[0].statistics[0].athletes[0].athlete.displayName = '--';
    const { rows, setAside } = load('espn_game_summary', 'espn', summary, { gameId: '0022200480' });
    expect(rows).toHaveLength(25);
    expect(setAside).toEqual([{ key: expect.stringMatching(/^0022200480\|player:espn:\d+$/), reason: expect.stringContaining('no usable player name') }]);
  });
});

describe('NBA.com', () => {
  it('scoreboard v3: a game of a foreign club (real 2025-11-05, one tricode RMD) is set aside, ten load', () => {
    const board = real<Json>('nba_stats/scoreboardv3_2025-11-05.json');
    board.scoreboard.games[0].awayTeam.teamTricode = 'RMD';
    const { rows, setAside } = load('nbac_scoreboard_v3', 'nbacom', board);
    expect(rows).toHaveLength(10);
    expect(setAside).toEqual([{ key: board.scoreboard.games[0].gameId, reason: expect.stringContaining('"RMD"') }]);
  });

  it('box score v3: an All-Star game (real 0022500165, both teams renamed) is set aside whole; a missing gameId is refused', () => {
    const box = real<Json>('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json');
    box.boxScoreTraditional.homeTeam.teamTricode = 'LBN';
    const { rows, setAside } = load('nbac_boxscore_v3', 'nbacom', box);
    expect(rows).toEqual([]);
    expect(setAside).toEqual([{ key: '0022500165', reason: expect.stringContaining('"LBN"') }]);
    delete box.boxScoreTraditional.gameId;
    expect(() => load('nbac_boxscore_v3', 'nbacom', box)).toThrow(PayloadShapeError);
  });

  it('injury report rows: a row of a team we cannot map is set aside, the others load', () => {
    const rows = [
      { game_date: '2025-02-16', game_time: '08:00 (ET)', home_team: 'CHK', away_team: 'KEN', team: 'CHK', player_lookup: 'x', player_name: 'X', status: 'Out', reason: 'r', submitted: true, page: 1 },
      { game_date: '2025-02-20', game_time: '07:00 (ET)', home_team: 'DEN', away_team: 'CHA', team: 'DEN', player_lookup: 'nikolajokic', player_name: 'Nikola Jokić', status: 'Probable', reason: 'r', submitted: true, page: 1 },
    ];
    const report = { report_time_et: '2025-02-16T12:00', report_time_utc: '2025-02-16T17:00:00Z', url: null };
    const loaded = load('nbac_injury_report', 'nbacom', { report, rows });
    expect(loaded.rows).toEqual([expect.objectContaining({ team_code: 'DEN', player_name: 'Nikola Jokić' })]);
    expect(loaded.setAside).toEqual([{ key: 'KEN@CHK|CHK|player:X', reason: expect.stringContaining('"CHK"') }]);
  });
});

describe('The Odds API', () => {
  it('events: an event of All-Star teams (real list, one home team "Team LeBron") is set aside, the rest load', () => {
    const events = real<Json[]>('oddsapi/events_list_2025-10-21_to_2026-01-20.json');
    events[0].home_team = 'Team LeBron';
    const { rows, setAside } = load('odds_events', 'odds_api', events);
    expect(rows).toHaveLength(events.length - 1);
    expect(setAside).toEqual([{ key: `odds:${events[0].id}`, reason: expect.stringContaining('"Team LeBron"') }]);
  });

  it('player points of one event: an event of teams we cannot map is set aside whole; an outcome without a usable name alone', () => {
    const odds = real<Json>('oddsapi/event_odds_player_points_BKN_at_TOR_2024-02-23.json');
    const unnamed = structuredClone(odds);
    unnamed.bookmakers[0].markets[0].outcomes[0].description = '...';
    const one = load('odds_player_points', 'odds_api', unnamed, { gameId: '0022300812' });
    expect(one.rows.length).toBeGreaterThan(200);
    expect(one.setAside).toEqual([{ key: expect.stringMatching(/^0022300812\|/), reason: expect.stringContaining('no usable player name') }]);
    odds.home_team = 'World';
    expect(load('odds_player_points', 'odds_api', odds, { gameId: '0022300812' })).toEqual({ rows: [], setAside: [{ key: '0022300812', reason: expect.stringContaining('"World"') }] });
  });
});

describe('BigDataBall (HAND-MADE CSV: no real BigDataBall file is in the corpus)', () => {
  it('a play credited to a team we cannot map is set aside, the game loads; a CSV without play_id is refused', () => {
    const csv = ['play_id,period,event_type,team,points', '1,1,start of period,,', '2,1,shot,OKC,2', '3,1,shot,WLD,3'].join('\n');
    const { rows, setAside } = load('bdb_play_by_play', 'bigdataball', { files: [{ game_id: '0042400407', name: 'hand-made.csv', csv }] });
    expect(rows.map((row) => row.team_code)).toEqual([null, 'OKC']);
    expect(setAside).toEqual([{ key: '0042400407|play:3', reason: expect.stringContaining('"WLD"') }]);
    expect(() => load('bdb_play_by_play', 'bigdataball', { files: [{ game_id: '0042400407', name: 'x.csv', csv: 'period,event_type\n1,shot' }] })).toThrow(PayloadShapeError);
  });
});
