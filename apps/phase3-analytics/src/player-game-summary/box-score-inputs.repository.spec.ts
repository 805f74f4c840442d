import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ALL_TABLES, DuckDBWarehouse, nbacPlayerListTable } from '@lib/warehouse';
import { BoxScoreInputsRepository } from './box-score-inputs.repository';

const lineage = { source_path: 'raw/nbacom/player_list/hand-made.json', scrape_run_id: 'hand-made', fetched_at: '2025-11-06T12:00:00Z' };
const listing = (gameDate: string, personId: number, player: string, team: string) => ({
  game_date: gameDate, person_id: personId, player_lookup: player, player_name: player, team_code: team, roster_status: 1, from_year: 2020, to_year: 2025, ...lineage,
});

describe('the NBA.com player lists phase 3 reads for a date', () => {
  let directory: string;
  let warehouse: DuckDBWarehouse;
  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'box-score-inputs-'));
    warehouse = new DuckDBWarehouse({ path: path.join(directory, 'warehouse.duckdb'), tables: ALL_TABLES });
    await warehouse.migrate(ALL_TABLES);
  }, 60_000);
  afterAll(async () => {
    await warehouse.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('are those of the season up to the date: a list loaded later (a later date of a backfill) does not change the date\'s summaries', async () => {
    await warehouse.upsert(nbacPlayerListTable, [
      listing('2025-10-25', 1, 'earlier', 'BOS'),
      listing('2025-11-05', 2, 'sameday', 'NYK'),
      listing('2025-11-06', 3, 'later', 'MIA'),
      listing('2025-06-01', 4, 'lastseason', 'LAL'),
    ]);
    const { listedPlayers } = await new BoxScoreInputsRepository(warehouse).forDate('2025-11-05');
    expect(listedPlayers!.map((player) => player.player_lookup).sort()).toEqual(['earlier', 'sameday']);
  });
});
