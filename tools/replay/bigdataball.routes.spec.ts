import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIGDATABALL_COLUMNS } from './bigdataball.routes';
import { csvField } from '@lib/platform';
import { ReplayServer } from './replay.server';
import { getJson, startReplay } from './replay.test-support';

interface Listing {
  date: string;
  files: Array<{ name: string; game_id: string; released_at: string; url: string }>;
}

/** A HAND-MADE TEST FIXTURE in BigDataBall's column layout: two made-up rows, not BigDataBall data. */
function writeHandMadeFixture(directory: string, gameId: string, date: string): string {
  const name = `HANDMADE-TEST-FIXTURE_${gameId}.csv`;
  const row = (values: Partial<Record<(typeof BIGDATABALL_COLUMNS)[number], string | number>>) => BIGDATABALL_COLUMNS.map((column) => csvField(values[column])).join(',');
  const lines = [
    BIGDATABALL_COLUMNS.join(','),
    row({ game_id: gameId, data_set: 'HAND-MADE TEST FIXTURE', date, period: 1, away_score: 0, home_score: 0, remaining_time: '0:12:00', elapsed: '0:00:00', play_id: 1, event_type: 'start of period', description: 'hand-made test fixture, not BigDataBall data' }),
    row({ game_id: gameId, data_set: 'HAND-MADE TEST FIXTURE', date, period: 1, away_score: 0, home_score: 2, remaining_time: '0:11:40', elapsed: '0:00:20', play_id: 2, event_type: 'shot', result: 'made', points: 2, description: 'hand-made test fixture, not BigDataBall data' }),
  ];
  fs.writeFileSync(path.join(directory, name), `${lines.join('\n')}\n`);
  return name;
}

describe('BigDataBall replay', () => {
  const gameId = '0022500171';
  let directory: string;
  let fixture: string;
  let now: Date;
  let server: ReplayServer;
  let base: string;
  let gameEnd: Date;

  beforeAll(async () => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-bdb-'));
    fixture = writeHandMadeFixture(directory, gameId, '2025-11-05');
    now = new Date('2025-11-05T12:00:00Z');
    server = await startReplay({ bigdataballDir: directory, now: () => now });
    base = server.sourceUrls.bigdataball;
    gameEnd = server.season.gamesById.get(gameId)!.end;
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });
  afterEach(() => server.clearFaults());

  it('serves no files from the bundled season, which has no BigDataBall data', async () => {
    const bundled = await startReplay();
    try {
      const { status, body } = await getJson<Listing>(`${bundled.sourceUrls.bigdataball}/files?date=2025-11-05`);
      expect(status).toBe(200);
      expect(body).toEqual({ date: '2025-11-05', files: [] });
    } finally {
      await bundled.close();
    }
  });

  it('lists a game’s file only once the replay clock passes the game’s end', async () => {
    now = new Date(gameEnd.getTime() - 60_000);
    expect((await getJson<Listing>(`${base}/files?date=2025-11-05`)).body.files).toEqual([]);
    expect((await fetch(`${base}/files/${fixture}`)).status).toBe(404);
    now = new Date(gameEnd.getTime() + 60_000);
    const { body } = await getJson<Listing>(`${base}/files?date=2025-11-05`);
    expect(body.files).toEqual([{ name: fixture, game_id: gameId, released_at: gameEnd.toISOString().replace('.000', ''), url: `${base}/files/${fixture}` }]);
  });

  it('returns the released file as CSV with BigDataBall’s columns', async () => {
    now = new Date(gameEnd.getTime() + 60_000);
    const { files } = (await getJson<Listing>(`${base}/files?date=2025-11-05`)).body;
    const response = await fetch(files[0].url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const text = await response.text();
    expect(text.split('\n')[0]).toBe(BIGDATABALL_COLUMNS.join(','));
    expect(text).toContain('HAND-MADE TEST FIXTURE');
  });

  it('holds a file back for release_delay hours after the game’s end, by the replay clock', async () => {
    server.setFaults([{ kind: 'release_delay', source: 'bigdataball', hours: 3 }]);
    now = new Date(gameEnd.getTime() + 2 * 3_600_000);
    expect((await getJson<Listing>(`${base}/files?date=2025-11-05`)).body.files).toEqual([]);
    expect((await fetch(`${base}/files/${fixture}`)).status).toBe(404);
    now = new Date(gameEnd.getTime() + 3 * 3_600_000);
    const { body } = await getJson<Listing>(`${base}/files?date=2025-11-05`);
    expect(body.files.map((file) => file.released_at)).toEqual([new Date(gameEnd.getTime() + 3 * 3_600_000).toISOString().replace('.000', '')]);
    expect((await fetch(`${base}/files/${fixture}`)).status).toBe(200);
  });

  it('answers 400 without a date', async () => {
    expect((await fetch(`${base}/files`)).status).toBe(400);
  });
});
