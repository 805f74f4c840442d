import { ReplayServer } from './replay.server';
import { getJson, readSample, startReplay } from './replay.test-support';

/**
 * The replay speaks the real shapes: for every JSON endpoint it serves, the set of key paths and the
 * JSON types at each path of its responses are compared with the real responses of the corpus
 * (data/samples, attributed in data/samples/README.md), all of them at once.
 *
 * - A path the corpus has and the replay does not serve fails, unless the replay serves the parent
 *   as null or an empty list (data it does not bundle), or it is listed below as not served, with why.
 * - A path the replay serves that no real response has fails, unless it is listed below with why.
 * - A non-null JSON type the replay serves at a path where the corpus has only other non-null types
 *   fails. Null is accepted anywhere: the real APIs send null for what they do not know, and so does the replay.
 *
 * Not compared: BigDataBall's CSV files (no real one is in the corpus, see data/samples/README.md)
 * and the injury report and referee pages (the replay bundles none and answers 404).
 */
type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
type Shape = Map<string, Set<JsonType>>;

const typeOf = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : (typeof value as 'string' | 'number' | 'boolean');

/** Every key path with the JSON types seen there; the elements of an array are merged under `path[]`. */
export function shapeOf(values: unknown[]): Shape {
  const shape: Shape = new Map();
  const add = (at: string, value: unknown) => {
    if (!shape.has(at)) shape.set(at, new Set());
    shape.get(at)!.add(typeOf(value));
  };
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      for (const item of node) {
        add(`${at}[]`, item);
        walk(item, `${at}[]`);
      }
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const next = at ? `${at}.${key}` : key;
        add(next, child);
        walk(child, next);
      }
    }
  };
  for (const value of values) walk(value, '');
  return shape;
}

export interface ShapeDifference {
  missing: string[];
  extra: string[];
  types: string[];
}

/** Key paths (and everything under them) allowed to differ, each listed with its reason at the call. */
export interface KnownDifferences {
  extra?: readonly string[];
  missing?: readonly string[];
}

export function compareShapes(real: Shape, served: Shape, known: KnownDifferences = {}): ShapeDifference {
  // Paths under a value the replay serves only as null or only as an empty list are not expected.
  const empty = [...served].filter(([, types]) => [...types].every((type) => type === 'null')).map(([at]) => at);
  const emptyLists = [...served.keys()].filter((at) => !served.has(`${at}[]`) && served.get(at)!.has('array') && served.get(at)!.size === 1);
  const notBundled = [...empty, ...emptyLists];
  const under = (at: string) => notBundled.some((prefix) => at.startsWith(`${prefix}.`) || at.startsWith(`${prefix}[]`));
  const listed = (prefixes: readonly string[] = [], at: string) => prefixes.some((prefix) => at === prefix || at.startsWith(`${prefix}.`) || at.startsWith(`${prefix}[]`));
  const missing = [...real.keys()].filter((at) => !served.has(at) && !under(at) && !listed(known.missing, at)).sort();
  const extra = [...served.keys()].filter((at) => !real.has(at) && !listed(known.extra, at)).sort();
  const types = [...served]
    .filter(([at]) => real.has(at))
    .flatMap(([at, servedTypes]) => {
      const realTypes = new Set([...real.get(at)!].filter((type) => type !== 'null'));
      if (realTypes.size === 0) return [];
      const foreign = [...servedTypes].filter((type) => type !== 'null' && !realTypes.has(type));
      return foreign.length > 0 ? [`${at}: served ${foreign.join('|')}, real ${[...realTypes].join('|')}`] : [];
    })
    .sort();
  return { missing, extra, types };
}

const KEY = { headers: { Authorization: 'replay-key' } };
const ESPN = '/apis/site/v2/sports/basketball/nba';
const ODDS = '/v4/sports/basketball_nba/events';
const NO_DIFFERENCE: ShapeDifference = { missing: [], extra: [], types: [] };

describe('the replay answers in the real shapes of the corpus', () => {
  let server: ReplayServer;
  let url: ReplayServer['sourceUrls'];

  beforeAll(async () => {
    server = await startReplay();
    url = server.sourceUrls;
  });
  afterAll(() => server.close());

  const served = async (...requests: Array<[string, RequestInit?]>) => {
    const bodies: unknown[] = [];
    for (const [address, init] of requests) {
      const { status, body } = await getJson(address, init);
      expect({ address, status }).toEqual({ address, status: 200 });
      bodies.push(body);
    }
    return shapeOf(bodies);
  };
  const real = (...files: string[]) => shapeOf(files.map((file) => readSample(file)));

  it('balldontlie /v1/stats: the flat game with team ids, the player with team_id', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100`, KEY]);
    const corpus = real('balldontlie/v1_stats_2025-06-22_IND_at_OKC_finals_game7.json', 'balldontlie/v1_stats_2018-10-16_PHI_at_BOS.json');
    expect(
      compareShapes(corpus, replay, {
        extra: [
          // The current API pages by cursor and sends next_cursor on every page but the last (the recorded page was the last).
          'meta.next_cursor',
          // plus_minus is in balldontlie's NBAStats schema (openapi_nba.yml) though neither recording has it.
          'data[].plus_minus',
        ],
        // The 2018 API's page-numbered meta, replaced by the cursor since.
        missing: ['meta.current_page', 'meta.next_page', 'meta.total_count', 'meta.total_pages'],
      }),
    ).toEqual(NO_DIFFERENCE);
  });

  it('balldontlie /v1/games', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/games?dates[]=2025-11-05&per_page=5`, KEY]);
    const single = readSample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json');
    const finals = readSample<{ data: unknown }>('balldontlie/v1_games_18444564_finals_game7.json').data;
    const corpus = shapeOf([readSample('balldontlie/v1_games_2025-02-20.json'), { data: [single, finals] }]);
    // next_cursor: sent on every page but the last; period_detail: in the schema's NBAGame, not in either recording.
    expect(compareShapes(corpus, replay, { extra: ['meta.next_cursor', 'data[].period_detail'] })).toEqual(NO_DIFFERENCE);
  });

  it('balldontlie /v1/games/{id}', async () => {
    const listed = (await getJson<{ data: Array<{ id: number }> }>(`${url.balldontlie}/nba/v1/games?dates[]=2025-11-05&per_page=1`, KEY)).body;
    const replay = await served([`${url.balldontlie}/nba/v1/games/${listed.data[0].id}`, KEY]);
    const corpus = shapeOf([{ data: readSample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json') }, readSample('balldontlie/v1_games_18444564_finals_game7.json')]);
    // period_detail: in the schema's NBAGame, not in either recording.
    expect(compareShapes(corpus, replay, { extra: ['data.period_detail'] })).toEqual(NO_DIFFERENCE);
  });

  it('balldontlie /v1/box_scores', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/box_scores?date=2025-11-05`, KEY]);
    const corpus = real('balldontlie/v1_box_scores_2024-01-15.json', 'balldontlie/v1_box_scores_2026-01-09.json', 'balldontlie/v1_box_scores_empty.json');
    expect(compareShapes(corpus, replay)).toEqual(NO_DIFFERENCE);
  });

  it('ESPN scoreboard', async () => {
    // 2025-10-21: OKC beat HOU in double overtime; 2025-11-28: results withheld, games still scheduled.
    const replay = await served([`${url.espn}${ESPN}/scoreboard?dates=20251021`], [`${url.espn}${ESPN}/scoreboard?dates=20251105`], [`${url.espn}${ESPN}/scoreboard?dates=20251128`]);
    const corpus = real('espn/scoreboard_2022-12-25_pregame.json', 'espn/scoreboard_2024-01-15_MLK_day.json', 'espn/scoreboard_2025-02-14.json');
    // The national TV network and ESPN's recap headlines are not bundled: the replay leaves them out rather than invent them.
    const notServed = ['events[].competitions[].broadcast', 'events[].competitions[].headlines'];
    expect(compareShapes(corpus, replay, { missing: notServed })).toEqual(NO_DIFFERENCE);
  });

  it('ESPN game summary', async () => {
    const board = (await getJson<{ events: Array<{ id: string }> }>(`${url.espn}${ESPN}/scoreboard?dates=20251105`)).body;
    const replay = await served([`${url.espn}${ESPN}/summary?event=${board.events[0].id}`]);
    // Editorial and play data are not bundled (recap article, news, videos, shop, standings, season
    // series, predictor, win probability, plays, venue): the replay leaves them out rather than invent them.
    const notServed = ['article', 'news', 'videos', 'shop', 'standings', 'seasonseries', 'predictor', 'winprobability', 'plays', 'zipcodes', 'gameInfo.venue'];
    expect(compareShapes(real('espn/summary_401468642_DAL_at_HOU_2022-12-23.json'), replay, { missing: notServed })).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com scoreboardv3', async () => {
    const replay = await served([`${url['nba-stats']}/stats/scoreboardv3?GameDate=2025-11-05&LeagueID=00`], [`${url['nba-stats']}/stats/scoreboardv3?GameDate=2025-07-15&LeagueID=00`]);
    expect(compareShapes(real('nba_stats/scoreboardv3_2025-11-05.json', 'nba_stats/scoreboardv3_2025-07-15_offseason.json'), replay)).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com boxscoretraditionalv3', async () => {
    const replay = await served([`${url['nba-stats']}/stats/boxscoretraditionalv3?GameID=0022500171&LeagueID=00&StartPeriod=0&EndPeriod=0`]);
    const corpus = real('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json', 'nba_stats/boxscoretraditionalv3_0022200552.json');
    expect(compareShapes(corpus, replay)).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com playbyplayv3 (real only for the bundled game; other games an empty list)', async () => {
    const replay = await served([`${url['nba-stats']}/stats/playbyplayv3?GameID=0022400001&StartPeriod=0&EndPeriod=0`], [`${url['nba-stats']}/stats/playbyplayv3?GameID=0022500171`]);
    const corpus = real('nba_stats/playbyplayv3_0022400001_ATL_at_BOS_2024-11-12.json', 'nba_stats/playbyplayv3_0022200552.json');
    expect(compareShapes(corpus, replay)).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com commonallplayers', async () => {
    const replay = await served([`${url['nba-stats']}/stats/commonallplayers?LeagueID=00&Season=2025-26&IsOnlyCurrentSeason=1`]);
    expect(compareShapes(real('nba_stats/commonallplayers_2025-26.json'), replay)).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com scheduleLeagueV2', async () => {
    const replay = await served([`${url['nba-cdn']}/static/json/staticData/scheduleLeagueV2.json`]);
    const corpus = real(
      'nba_cdn/scheduleLeagueV2_2023-24_preseason_snapshot.json',
      'nba_cdn/scheduleLeagueV2_2024-25_odd_days.json',
      'nba_cdn/scheduleLeagueV2_2025-26_preseason_snapshot.json',
    );
    expect(compareShapes(corpus, replay)).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com liveData box score', async () => {
    const replay = await served([`${url['nba-cdn']}/static/json/liveData/boxscore/boxscore_0022500171.json`]);
    // notPlaying* are only on inactive players, whom the bundled box scores (players who played) do not list.
    const notServed = ['game.homeTeam.players[].notPlayingReason', 'game.homeTeam.players[].notPlayingDescription', 'game.awayTeam.players[].notPlayingReason', 'game.awayTeam.players[].notPlayingDescription'];
    expect(compareShapes(real('nba_cdn/liveData_boxscore_0022000001.json'), replay, { missing: notServed })).toEqual(NO_DIFFERENCE);
  });

  it('NBA.com liveData play-by-play: the real file of the one bundled game, served as it is', async () => {
    const replay = await served([`${url['nba-cdn']}/static/json/liveData/playbyplay/playbyplay_0022000001.json`]);
    expect(compareShapes(real('nba_cdn/liveData_playbyplay_0022000001.json'), replay)).toEqual(NO_DIFFERENCE);
  });

  it('The Odds API events and event odds', async () => {
    const window = 'commenceTimeFrom=2025-11-05T10:00:00Z&commenceTimeTo=2025-11-06T09:59:59Z';
    const events = await served([`${url['odds-api']}${ODDS}?apiKey=k&${window}`]);
    expect(compareShapes(real('oddsapi/events_list_2025-10-21_to_2026-01-20.json'), events)).toEqual(NO_DIFFERENCE);
    const listed = (await getJson<Array<{ id: string }>>(`${url['odds-api']}${ODDS}?apiKey=k&${window}`)).body;
    const odds = await served([`${url['odds-api']}${ODDS}/${listed[0].id}/odds?apiKey=k&regions=us&markets=player_points&oddsFormat=american`]);
    const corpus = real('oddsapi/event_odds_player_points_BKN_at_TOR_2024-02-23.json', 'oddsapi/event_odds_player_points_ORL_at_CLE_2024-02-23.json');
    expect(compareShapes(corpus, odds)).toEqual(NO_DIFFERENCE);
  });
});
