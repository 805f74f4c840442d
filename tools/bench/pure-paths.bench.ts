import 'reflect-metadata';
import { PayloadShape } from '../../apps/phase2-raw/src/raw-payload/payload-shape';
import { RawPayload } from '../../apps/phase2-raw/src/raw-payload/raw-payload';
import { RawProcessors } from '../../apps/phase2-raw/src/processors/raw-processors';
import { ScheduledGame, SourceLine } from '../../apps/phase3-analytics/src/player-game-summary/box-score-inputs.repository';
import { buildPlayerGameSummary } from '../../apps/phase3-analytics/src/player-game-summary/player-game-summary.builder';
import { bundledSeasonDir } from '../cluster/replay-upstreams';
import { createReplayServer } from '../replay/replay.server';
import { BenchFigure, figure } from './bench-report';

/**
 * The hot pure paths of phases 2 and 3 on a real date (2025-11-05 from the replay), each next to a
 * baseline measured in the same run on the same input. For comparing commits on one machine.
 */
interface Case {
  name: string;
  baseline: { name: string; run: () => unknown };
  subject: () => unknown;
}

function timePerOp(run: () => unknown, minMs = 400): number {
  for (let warm = 0; warm < 5; warm += 1) run();
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  while (elapsedMs < minMs) {
    run();
    iterations += 1;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  }
  return elapsedMs / iterations;
}

export async function benchPurePaths(): Promise<BenchFigure[]> {
  const replay = await createReplayServer({ dataDir: bundledSeasonDir(), port: 0 });
  let stats: unknown;
  try {
    const headers = { authorization: 'bench-key' };
    const response = await fetch(`${replay.url}/balldontlie/nba/v1/stats?dates[]=2025-11-05&per_page=100`, { headers });
    const pages: unknown[] = [];
    let body = (await response.json()) as { data: unknown[]; meta: { next_cursor?: number } };
    pages.push(...body.data);
    while (body.meta.next_cursor) {
      body = (await (await fetch(`${replay.url}/balldontlie/nba/v1/stats?dates[]=2025-11-05&per_page=100&cursor=${body.meta.next_cursor}`, { headers })).json()) as typeof body;
      pages.push(...body.data);
    }
    stats = { data: pages };
  } finally {
    await replay.close();
  }
  const text = JSON.stringify(stats);
  const processor = new RawProcessors().forScraper('bdl_player_stats');
  const payload = (): RawPayload => ({
    path: 'raw/balldontlie/stats/2025-11-05/bench.json',
    scraper: 'bdl_player_stats',
    source: 'balldontlie',
    endpoint: 'stats',
    gameDate: '2025-11-05',
    gameId: null,
    fallbackFor: null,
    runId: 'bench',
    fetchedAt: '2025-11-06T10:00:00Z',
    status: 'success',
    missing: [],
    data: new PayloadShape(JSON.parse(text), 'payload.data'),
  });
  const { rows } = processor.toRows(payload());
  const games = [...new Set(rows.map((row) => String(row.team_code)))];
  const lines: SourceLine[] = rows.map((row) => ({ ...(row as unknown as SourceLine), source_table: 'bdl_player_boxscores', game_id: null, player_id: null, starter: null, dnp_reason: null }));
  const schedule: ScheduledGame[] = [];
  for (let index = 0; index + 1 < games.length; index += 2) {
    schedule.push({ game_id: `g${index}`, game_date: '2025-11-05', season: '2025-26', game_status: 3, home_team_code: games[index], away_team_code: games[index + 1], home_score: null, away_score: null });
  }

  const cases: Case[] = [
    {
      name: `phase 2: bdl_player_stats payload → ${rows.length} rows (parse + shape checks + identity)`,
      baseline: { name: 'JSON.parse of the same payload', run: () => JSON.parse(text) },
      subject: () => processor.toRows(payload()),
    },
    {
      name: `phase 3: player_game_summary of ${schedule.length} games (merge, tiers, usage, team totals)`,
      baseline: { name: 'one pass summing points per team', run: () => lines.reduce((totals, line) => totals.set(line.team_code, (totals.get(line.team_code) ?? 0) + (line.points ?? 0)), new Map<string, number>()) },
      subject: () => buildPlayerGameSummary('2025-11-05', { games: schedule, lines }),
    },
  ];
  return cases.map((benchCase) => {
    const baseline = timePerOp(benchCase.baseline.run);
    const subject = timePerOp(benchCase.subject);
    return figure({ goal: benchCase.name, value: subject, unit: 'ms', reference: { name: benchCase.baseline.name, value: baseline }, target: null, note: 'per operation' });
  });
}
