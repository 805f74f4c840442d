import fs from 'node:fs';
import path from 'node:path';
import { ScrapeContext, ScrapeHttp, ScrapeRequestOptions } from '../scraping/scraper';
import { BdlGamesScraper } from './balldontlie/bdl-games.scraper';
import { EspnGameSummaryScraper } from './espn/espn-game-summary.scraper';
import { EspnScoreboardScraper } from './espn/espn-scoreboard.scraper';
import { NbacBoxscoreScraper } from './nbacom/nbac-boxscore.scraper';
import { NbacPlayByPlayScraper } from './nbacom/nbac-play-by-play.scraper';
import { NbacScheduleScraper } from './nbacom/nbac-schedule.scraper';
import { NbacScoreboardScraper } from './nbacom/nbac-scoreboard.scraper';
import { OddsEventsScraper } from './oddsapi/odds-events.scraper';
import { OddsPlayerPointsScraper } from './oddsapi/odds-player-points.scraper';

const SAMPLES = path.resolve(__dirname, '../../../../data/samples');
const sample = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));

/** Answers every request with one real recorded response, and remembers what was asked. */
function replaying(body: unknown): ScrapeHttp & { requests: Array<{ path: string; options?: ScrapeRequestOptions }> } {
  const requests: Array<{ path: string; options?: ScrapeRequestOptions }> = [];
  return {
    requests,
    async get<T>(requestPath: string, options?: ScrapeRequestOptions) {
      requests.push({ path: requestPath, options });
      return { data: body as T, url: `recorded-sample:${requestPath}` };
    },
  };
}

const context = (http: ScrapeHttp, extra: Partial<ScrapeContext> = {}): ScrapeContext => ({
  gameDate: '2025-11-05',
  runId: 'run-1',
  correlationId: 'corr-1',
  backfillMode: false,
  http,
  ...extra,
});

describe('scrapers read the real recorded responses of each upstream', () => {
  it('NBA.com scoreboard v3 of 2025-11-05: all 11 games, matched by teams', async () => {
    const result = await new NbacScoreboardScraper().scrape(context(replaying(sample('nba_stats/scoreboardv3_2025-11-05.json'))));
    expect(result).toMatchObject({ status: 'success', records: 11 });
    expect(result.games).toContainEqual(expect.objectContaining({ nbaGameId: '0022500171', matchupKey: '2025-11-05|PHI@CLE', isFinal: true }));
  });

  it('NBA.com box score v3 of 0022500165: 29 player lines of MIL at TOR', async () => {
    const http = replaying(sample('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json'));
    const result = await new NbacBoxscoreScraper().scrape(context(http, { gameDate: '2025-11-04', gameId: '0022500165' }));
    expect(result).toMatchObject({ status: 'success', records: 29, games: [{ matchupKey: '2025-11-04|MIL@TOR', nbaGameId: '0022500165' }] });
    expect(http.requests[0]).toMatchObject({ path: '/stats/boxscoretraditionalv3', options: { params: { GameID: '0022500165' } } });
  });

  it('NBA.com play-by-play v3 of 0022400001: 475 actions', async () => {
    const result = await new NbacPlayByPlayScraper().scrape(context(replaying(sample('nba_stats/playbyplayv3_0022400001_ATL_at_BOS_2024-11-12.json')), { gameId: '0022400001' }));
    expect(result).toMatchObject({ status: 'success', records: 475 });
  });

  it('NBA.com schedule: keeps the date asked for and sets aside exhibitions against non-NBA clubs', async () => {
    const schedule = sample('nba_cdn/scheduleLeagueV2_2023-24_preseason_snapshot.json');
    const opening = await new NbacScheduleScraper().scrape(context(replaying(schedule), { gameDate: '2023-10-05' }));
    expect(opening).toMatchObject({ status: 'success', records: 1, games: [{ matchupKey: '2023-10-05|DAL@MIN', nbaGameId: '0012300001' }] });
    const withClubs = await new NbacScheduleScraper().scrape(context(replaying(schedule), { gameDate: '2023-10-10' }));
    expect(withClubs.detail).toMatch(/0012300013 \(not NBA teams: DAL at RMD\)/);
    expect(withClubs.games!.every((game) => !/RMD|NZB|CNS/.test(game.matchupKey))).toBe(true);
    const cupKnockouts = await new NbacScheduleScraper().scrape(context(replaying(schedule), { gameDate: '2023-12-04' }));
    expect(cupKnockouts.detail).toMatch(/0022301201 \(teams not decided yet\)/);
  });

  it('ESPN scoreboard: event ids and ESPN team spellings mapped to one matchup key', async () => {
    const result = await new EspnScoreboardScraper().scrape(context(replaying(sample('espn/scoreboard_2022-12-25_pregame.json')), { gameDate: '2022-12-25' }));
    expect(result).toMatchObject({ status: 'success', records: 5 });
    expect(result.games).toContainEqual(expect.objectContaining({ upstreamGameId: '401468651', matchupKey: '2022-12-25|MEM@GSW', isFinal: false }));
  });

  it('ESPN game summary 401468642: 26 athletes of DAL at HOU', async () => {
    const result = await new EspnGameSummaryScraper().scrape(
      context(replaying(sample('espn/summary_401468642_DAL_at_HOU_2022-12-23.json')), { gameDate: '2022-12-23', upstreamGameId: '401468642' }),
    );
    expect(result).toMatchObject({ status: 'success', records: 26, games: [{ matchupKey: '2022-12-23|DAL@HOU' }] });
  });

  it.each([
    ['oddsapi/event_odds_player_points_BKN_at_TOR_2024-02-23.json', 572],
    ['oddsapi/event_odds_player_points_ORL_at_CLE_2024-02-23.json', 482],
  ])('The Odds API player points %s: every bookmaker outcome', async (file, outcomes) => {
    const http = replaying(sample(file));
    const result = await new OddsPlayerPointsScraper('test-key').scrape(context(http, { upstreamGameId: 'f9f3f99b5124a4ecf984003f0af23d2e' }));
    expect(result).toMatchObject({ status: 'success', records: outcomes });
    expect(http.requests[0].options?.params).toMatchObject({ apiKey: 'test-key', markets: 'player_points', regions: 'us' });
  });

  it('The Odds API events list: team names mapped, event ids kept', async () => {
    const result = await new OddsEventsScraper('test-key').scrape(context(replaying(sample('oddsapi/events_list_2025-10-21_to_2026-01-20.json')), { gameDate: '2025-10-21' }));
    expect(result.records).toBe(1496);
    expect(result.games).toContainEqual(expect.objectContaining({ upstreamGameId: 'bbde7751a144b98ed150d7a5f7dc8f87', matchupKey: '2025-10-21|HOU@OKC' }));
  });

  it('refuses to call The Odds API without a key, naming the setting', async () => {
    await expect(new OddsEventsScraper(undefined).scrape(context(replaying([])))).rejects.toThrow('ODDS_API_KEY is not configured');
  });

  it('balldontlie: the real game object, with balldontlie spellings', async () => {
    const game = sample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json');
    const result = await new BdlGamesScraper().scrape(context(replaying({ data: [game], meta: { next_cursor: null } }), { gameDate: '2026-04-12' }));
    expect(result).toMatchObject({ status: 'success', records: 1, games: [{ matchupKey: '2026-04-12|ATL@MIA', upstreamGameId: '18448007', isFinal: true }] });
  });

  it('every recorded sample is valid JSON (the OpenAPI schema aside)', () => {
    const files = fs.readdirSync(SAMPLES, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expect(() => sample(file)).not.toThrow();
  });
});
