import fs from 'node:fs';
import path from 'node:path';
import { ScrapeContext, ScrapeHttp, Scraper } from '../../../phase1-scrapers/src/scraping/scraper';
import { BdlGamesScraper } from '../../../phase1-scrapers/src/sources/balldontlie/bdl-games.scraper';
import { EspnGameSummaryScraper } from '../../../phase1-scrapers/src/sources/espn/espn-game-summary.scraper';
import { EspnScoreboardScraper } from '../../../phase1-scrapers/src/sources/espn/espn-scoreboard.scraper';
import { NbacBoxscoreScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-boxscore.scraper';
import { NbacPlayByPlayScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-play-by-play.scraper';
import { NbacScheduleScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-schedule.scraper';
import { NbacScoreboardScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-scoreboard.scraper';
import { NbacPlayerListScraper } from '../../../phase1-scrapers/src/sources/nbacom/nbac-player-list.scraper';
import { OddsEventsScraper } from '../../../phase1-scrapers/src/sources/oddsapi/odds-events.scraper';
import { OddsPlayerPointsScraper } from '../../../phase1-scrapers/src/sources/oddsapi/odds-player-points.scraper';
import { PayloadShape } from '../raw-payload/payload-shape';
import { RawPayload } from '../raw-payload/raw-payload';
import { RawProcessors } from './raw-processors';
import { RawRow } from './raw-processor';

const SAMPLES = path.resolve(__dirname, '../../../../data/samples');
const sample = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(SAMPLES, file), 'utf8'));
const processors = new RawProcessors();

/**
 * Phase 1's scraper fetches a real recorded response and builds the payload it would store; phase
 * 2's processor for that scraper turns the payload into rows. This is the contract between them.
 */
async function scrapeThenLoad(scraper: Scraper, body: unknown, extra: Partial<ScrapeContext> & { fallbackFor?: string } = {}) {
  const http: ScrapeHttp = { get: async <T>() => ({ data: body as T, url: 'https://recorded.sample' }) };
  const gameDate = extra.gameDate ?? '2025-11-05';
  const result = await scraper.scrape({ gameDate, runId: 'run-1', correlationId: 'corr-1', backfillMode: false, http, ...extra });
  const payload: RawPayload = {
    path: `raw/${scraper.source}/${scraper.endpoint}/${gameDate}/run-1.json`,
    scraper: scraper.name,
    source: scraper.source,
    endpoint: scraper.endpoint,
    gameDate,
    gameId: extra.gameId ?? null,
    fallbackFor: extra.fallbackFor ?? null,
    runId: 'run-1',
    fetchedAt: '2025-11-06T10:00:00Z',
    status: result.status,
    missing: result.missing ?? [],
    data: new PayloadShape(JSON.parse(JSON.stringify(result.payload)), 'payload.data'),
  };
  return processors.forScraper(scraper.name).toRows(payload);
}

const sumBy = (rows: RawRow[], team: string, column: string) =>
  rows.filter((row) => row.team_code === team).reduce((total, row) => total + Number(row[column] ?? 0), 0);

describe('phase 2 processors load what phase 1 scrapers store from real upstream responses', () => {
  it('NBA.com box score v3 of MIL at TOR: 29 players, starters and DNP comments, points adding up to 128-100', async () => {
    const { rows, coverage } = await scrapeThenLoad(new NbacBoxscoreScraper(), sample('nba_stats/boxscoretraditionalv3_0022500165_MIL_at_TOR_2025-11-04.json'), {
      gameDate: '2025-11-04',
      gameId: '0022500165',
    });
    expect(rows).toHaveLength(29);
    expect(sumBy(rows, 'TOR', 'points')).toBe(128);
    expect(sumBy(rows, 'MIL', 'points')).toBe(100);
    expect(rows.filter((row) => row.starter)).toHaveLength(10);
    expect(rows.filter((row) => row.comment)).toEqual([
      expect.objectContaining({ team_code: 'TOR', minutes: null, comment: expect.stringMatching(/^DNP/) }),
      expect.objectContaining({ team_code: 'MIL', minutes: null, comment: expect.stringMatching(/^DNP/) }),
    ]);
    expect(rows.find((row) => row.player_lookup === 'brandoningram')).toMatchObject({ minutes: 30.82, points: 13, reb: 8, plus_minus: 17, home_team_code: 'TOR' });
    expect(coverage).toEqual([expect.objectContaining({ source: 'nbacom', gameId: '0022500165', available: true, rows: 29 })]);
  });

  it('NBA.com scoreboard v3 of 2025-11-05: 11 games with their final scores', async () => {
    const { rows } = await scrapeThenLoad(new NbacScoreboardScraper(), sample('nba_stats/scoreboardv3_2025-11-05.json'));
    expect(rows).toHaveLength(11);
    expect(rows.find((row) => row.game_id === '0022500171')).toMatchObject({ home_team_code: 'CLE', away_team_code: 'PHI', game_status: 3 });
  });

  it('NBA.com play-by-play v3: 475 actions, marked as the BigDataBall fallback when it stood in', async () => {
    const { rows } = await scrapeThenLoad(new NbacPlayByPlayScraper(), sample('nba_stats/playbyplayv3_0022400001_ATL_at_BOS_2024-11-12.json'), {
      gameId: '0022400001',
      fallbackFor: 'bigdataball',
    });
    expect(rows).toHaveLength(475);
    expect(new Set(rows.map((row) => row.data_source))).toEqual(new Set(['nbacom_fallback']));
    expect(rows.find((row) => row.action_number === 10)).toMatchObject({ team_code: 'ATL', shot_result: 'Missed', period: 1 });
  });

  it('NBA.com schedule: the date asked for, with the season, status and teams', async () => {
    const { rows } = await scrapeThenLoad(new NbacScheduleScraper(), sample('nba_cdn/scheduleLeagueV2_2023-24_preseason_snapshot.json'), { gameDate: '2023-10-05' });
    expect(rows).toEqual([expect.objectContaining({ game_id: '0012300001', game_date: '2023-10-05', home_team_code: 'MIN', away_team_code: 'DAL', season: '2023-24' })]);
  });

  it('ESPN game summary of DAL at HOU: every athlete, DNPs with their reason, points adding up to 112-106', async () => {
    const { rows } = await scrapeThenLoad(new EspnGameSummaryScraper(), sample('espn/summary_401468642_DAL_at_HOU_2022-12-23.json'), {
      gameDate: '2022-12-23',
      upstreamGameId: '401468642',
      gameId: '0022200480',
    });
    expect(rows).toHaveLength(26);
    expect(sumBy(rows, 'DAL', 'points')).toBe(112);
    expect(sumBy(rows, 'HOU', 'points')).toBe(106);
    expect(rows.filter((row) => row.did_not_play)).toHaveLength(3);
    expect(rows.filter((row) => row.did_not_play).every((row) => row.minutes === 0 && row.points === null)).toBe(true);
    expect(new Set(rows.map((row) => row.game_id))).toEqual(new Set(['0022200480']));
  });

  it('ESPN scoreboard: event ids, ESPN team spellings mapped, not completed before tip-off', async () => {
    const { rows } = await scrapeThenLoad(new EspnScoreboardScraper(), sample('espn/scoreboard_2022-12-25_pregame.json'), { gameDate: '2022-12-25' });
    expect(rows).toHaveLength(5);
    expect(rows.every((row) => row.completed === false)).toBe(true);
    expect(rows.map((row) => `${row.away_team_code}@${row.home_team_code}`)).toContain('LAL@DAL');
  });

  it('The Odds API event odds: Over and Under paired per book, player and line; a repeated listing keeps the first and says so', async () => {
    const { rows, detail } = await scrapeThenLoad(new OddsPlayerPointsScraper('test-key'), sample('oddsapi/event_odds_player_points_BKN_at_TOR_2024-02-23.json'), {
      gameDate: '2024-02-23',
      gameId: '0022300812',
      upstreamGameId: 'f9f3f99b5124a4ecf984003f0af23d2e',
    });
    expect(rows).toHaveLength(272);
    expect(rows.every((row) => row.over_price !== null && row.under_price !== null)).toBe(true);
    expect(rows.find((row) => row.bookmaker === 'williamhill_us' && row.player_lookup === 'bensimmons')).toMatchObject({ line: 7.5, over_price: -106, under_price: -129 });
    expect(detail).toBe("28 outcomes repeated a bookmaker's player and line with another price; the first listing was kept");
    expect(rows[0]).toMatchObject({ home_team_code: 'TOR', away_team_code: 'BKN', game_id: '0022300812' });
  });

  it('The Odds API events of 2025-10-21: NBA team names mapped to tricodes', async () => {
    const { rows } = await scrapeThenLoad(new OddsEventsScraper('test-key'), sample('oddsapi/events_list_2025-10-21_to_2026-01-20.json'), { gameDate: '2025-10-21' });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /^[A-Z]{3}$/.test(String(row.home_team_code)) && /^[A-Z]{3}$/.test(String(row.away_team_code)))).toBe(true);
  });

  it('balldontlie: the real game object, with balldontlie spellings', async () => {
    const game = sample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json');
    const { rows } = await scrapeThenLoad(new BdlGamesScraper(), { data: [game], meta: { next_cursor: null } }, { gameDate: '2026-04-12' });
    expect(rows).toEqual([expect.objectContaining({ bdl_game_id: 18448007, home_team_code: 'MIA', away_team_code: 'ATL', game_date: '2026-04-12' })]);
  });

  it('NBA.com commonallplayers 2025-26: every player with a person id, current ones with their team', async () => {
    const { rows } = await scrapeThenLoad(new NbacPlayerListScraper(), sample('nba_stats/commonallplayers_2025-26.json'));
    expect(rows).toHaveLength(5103);
    expect(rows.filter((row) => row.team_code !== null)).toHaveLength(526);
    expect(rows.find((row) => row.person_id === 1630173)).toMatchObject({ player_lookup: 'preciousachiuwa', team_code: 'SAC', roster_status: 1, from_year: 2020 });
  });
});
