import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse, nbacInjuryReportTable, nbacPlayerListTable, nbacScheduleTable, oddsApiPlayerPointsPropsTable, processorRunsTable, scraperExecutionLogTable } from '@lib/warehouse';
import { buildFormAndAvailability } from '../feature-store/form-and-availability.builder';
import { PrecomputeRepository } from './precompute.repository';

// Hand-made rows in the shapes phase 2 loads (no real injury report is bundled).
const lineage = { source_path: 'raw/nbacom/injury_report/2025-11-05/hand-made.json', scrape_run_id: 'hand-made', fetched_at: '2025-11-05T22:00:00Z' };
const report = (player: string, status: string, reportTimeUtc: string, reportTimeEt: string) => ({
  game_date: '2025-11-05', report_time_et: reportTimeEt, report_time_utc: reportTimeUtc, game_time: '07:30 (ET)', home_team_code: 'BOS', away_team_code: 'NYK',
  team_code: 'BOS', player_lookup: player, player_name: player, status, reason: 'Injury/Illness', submitted: true, report_url: null, page: 1, ...lineage,
});

describe('injury reports as phase 4 reads them', () => {
  let warehouse: DuckDBWarehouse;
  beforeAll(async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'injury-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
    await warehouse.upsert(nbacScheduleTable, [
      { game_date: '2025-11-05', game_id: '0022500150', season: '2025-26', game_code: '20251105/NYKBOS', game_status: 1, game_status_text: '7:30 pm ET',
        game_label: null, start_time_utc: '2025-11-06T00:30:00Z', home_team_code: 'BOS', away_team_code: 'NYK', home_team_id: '1610612738', away_team_id: '1610612752',
        home_score: null, away_score: null, postponed_status: null, ...lineage },
    ]);
    await warehouse.upsert(nbacInjuryReportTable, [
      report('jaysontatum', 'Out', '2025-11-05T22:00:00Z', '2025-11-05T17:00'),
      report('derrickwhite', 'Out', '2025-11-06T00:45:00Z', '2025-11-05T19:45'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await warehouse.close();
  });

  it('joins each row to its game\'s tip-off, and the builder keeps only what was published before it', async () => {
    const rows = await new PrecomputeRepository(warehouse).injuryReportsBetween('2025-11-05', '2025-11-05');
    expect(rows.map((row) => [row.player_lookup, row.status, Date.parse(row.tip_off_utc!) === Date.parse('2025-11-06T00:30:00Z')]).sort()).toEqual([
      ['derrickwhite', 'Out', true],
      ['jaysontatum', 'Out', true],
    ]);
    const history = ['jaysontatum', 'derrickwhite', 'jaylenbrown'].map((player) => ({
      game_id: 'g1', game_date: '2025-11-03', player_lookup: player, team_code: 'BOS', minutes: 30, points: 20, fga: 15, fta: 4, usage_rate: 25, quality_tier: 'gold' as const,
    }));
    const subject = { game_id: '0022500150', player_lookup: 'jaylenbrown', player_id: null, player_name: null, team_code: 'BOS', opponent_code: 'NYK', is_home: true };
    const result = buildFormAndAvailability('2025-11-05', [subject], history, [], { priors: {}, injuryReports: rows, listedBefore: [], listedToday: [] }).get('0022500150|jaylenbrown')!;
    expect(result.features).toMatchObject({ injury_report_available: 1, teammates_out: 1, teammates_out_minutes: 30 });
    expect(result.flags).toEqual(['injury_report_after_tip_off_ignored']);
  });

  it('takes a player with a line and no game this season yet, his team from NBA.com\'s player list of the date', async () => {
    const line = (player: string) => ({
      game_date: '2025-11-05', game_id: '0022500150', event_id: 'hand-made-event', commence_time: '2025-11-06T00:30:00Z', home_team_code: 'BOS', away_team_code: 'NYK',
      player_name: player, player_lookup: player, bookmaker: 'draftkings', line: 18.5, over_price: -110, under_price: -110, bookmaker_last_update: '2025-11-05T22:00:00Z', ...lineage,
    });
    await warehouse.upsert(oddsApiPlayerPointsPropsTable, [line('jaysontatum'), line('unlisted')]);
    const listing = (personId: number, player: string, team: string | null) => ({
      game_date: '2025-11-05', person_id: personId, player_lookup: player, player_name: player, team_code: team, roster_status: 1, from_year: 2017, to_year: 2025, ...lineage,
    });
    await warehouse.upsert(nbacPlayerListTable, [listing(1628369, 'jaysontatum', 'BOS'), listing(1, 'unlisted', null)]);
    const subjects = await new PrecomputeRepository(warehouse).subjectsOn('2025-11-05');
    expect(subjects).toEqual([
      { game_id: '0022500150', player_lookup: 'jaysontatum', player_id: 1628369, player_name: 'jaysontatum', team_code: 'BOS', opponent_code: 'NYK', is_home: true },
    ]);
  });

  it('counts every stored payload phase 4 reads (lines, injury report, player list) until phase 2 has finished loading it, and no other', async () => {
    const repository = new PrecomputeRepository(warehouse);
    const scraped = (scraper: string, source: string) => ({
      run_id: `scrape-${scraper}`, scraper, source, endpoint: scraper, game_date: '2025-11-06', status: 'success', started_at: '2025-11-06T22:00:00Z',
      finished_at: '2025-11-06T22:00:01Z', payload_path: `raw/${source}/${scraper}/2025-11-06/hand-made.json`,
    });
    await warehouse.upsert(scraperExecutionLogTable, [
      scraped('odds_player_points', 'odds_api'),
      scraped('nbac_injury_report', 'nbacom'),
      scraped('nbac_player_list', 'nbacom'),
      scraped('bdl_player_box_scores', 'balldontlie'),
    ]);
    const loaded = (scraper: string, source: string, status: string) => ({
      run_id: `load-${scraper}`, phase: 'phase2', processor: scraper, game_date: '2025-11-06', status, source_path: `raw/${source}/${scraper}/2025-11-06/hand-made.json`,
      started_at: '2025-11-06T22:00:02Z',
    });
    await warehouse.upsert(processorRunsTable, [loaded('odds_player_points', 'odds_api', 'success'), loaded('nbac_injury_report', 'nbacom', 'running')]);
    const liveSince = new Date('2025-11-06T00:00:00Z');
    // The box score is not phase 4's input; the injury report is still loading, the player list not started.
    expect(await repository.inputsPending('2025-11-06', liveSince)).toEqual({ phase1_running: 0, payloads_unloaded: 2 });
    await warehouse.upsert(processorRunsTable, [loaded('nbac_injury_report', 'nbacom', 'success'), loaded('nbac_player_list', 'nbacom', 'failed')]);
    expect(await repository.inputsPending('2025-11-06', liveSince)).toEqual({ phase1_running: 0, payloads_unloaded: 0 });
  });
});
