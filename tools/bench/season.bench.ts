import { REQUIRED_FOR_ANALYTICS } from '@lib/quality';
import { BenchCluster, PipelineMeasurement } from './bench-cluster';
import { BenchFigure, figure } from './bench-report';
import { percentile } from './bench-stats';
import { buildSeasonProfile, cpuInterpolator, DateCost, PhaseRunRow, ProcessorRunRow, ReplayTime, ScraperRunRow, SeasonProfile } from './season-profile';

export interface SeasonBench {
  backfill: PipelineMeasurement;
  live: PipelineMeasurement[] | null;
  profile: SeasonProfile;
  liveProfile: SeasonProfile | null;
  figures: BenchFigure[];
  replayRequests: number;
}

/**
 * The bundled season through `npm run pipeline` on the real cluster: every date but the last
 * `liveDays` in backfill mode, then the last `liveDays` as live game days (no backfill: alerts,
 * boundary checks and the picks, as the scheduler would run them), each read back from the
 * warehouse's own logs.
 */
export async function benchSeason(bench: BenchCluster, range: { from: string; to: string; liveDays: number }, progress: (line: string) => void): Promise<SeasonBench> {
  const replay = bench.cluster.replay;
  if (!replay) throw new Error('the season bench needs the replay (LOCAL_REPLAY=true)');
  replay.clearRequests();
  const allDates = datesOf(range.from, range.to);
  const liveDates = range.liveDays > 0 ? allDates.slice(-range.liveDays) : [];
  const backfillDates = allDates.slice(0, allDates.length - liveDates.length);
  if (backfillDates.length === 0) throw new Error(`${range.from} .. ${range.to} leaves no date for the backfill after ${range.liveDays} live days`);

  progress(`season: backfill ${backfillDates[0]} .. ${backfillDates.at(-1)} (${backfillDates.length} dates)`);
  const backfill = await bench.pipeline(backfillDates[0], backfillDates.at(-1)!, true, () => undefined);
  // A live game day happens alone: each runs after the one before it has settled, not on top of the next one's scrapes.
  const liveRuns: PipelineMeasurement[] = [];
  if (liveDates.length > 0) progress(`season: live game days ${liveDates[0]} .. ${liveDates.at(-1)}, one at a time`);
  for (const gameDate of liveDates) liveRuns.push(await bench.pipeline(gameDate, gameDate, false, () => undefined));
  const live = liveRuns.length > 0 ? liveRuns : null;

  const requests = replay.requests();
  const replayTimes = new Map<string, ReplayTime>();
  const gamesOn = (gameDate: string) => replay.season.gamesByDate.get(gameDate)?.length ?? 0;
  const profileOf = async (runs: readonly PipelineMeasurement[], loadedByDate: boolean) => {
    const logs = await readRunLogs(bench, runs);
    // A request belongs to the date whose phase 1 run was under way when it arrived (per-game requests name no date).
    const windows = logs.phaseRuns.filter((row) => row.service === 'phase1-scrapers' && row.finished_at);
    for (const request of requests) {
      const window = windows.find((row) => row.started_at <= request.receivedAt && request.receivedAt <= row.finished_at!);
      if (!window) continue;
      const seen = replayTimes.get(window.game_date) ?? { requests: 0, answerMs: 0 };
      replayTimes.set(window.game_date, { requests: seen.requests + 1, answerMs: seen.answerMs + (request.durationMs ?? 0) });
    }
    const cpuSamples = runs.flatMap((run) => run.cpuSamples);
    return buildSeasonProfile({ dates: runs.flatMap((run) => run.dates), gamesOn, ...logs, requiredProcessors: REQUIRED_FOR_ANALYTICS, loadedByDate, replay: replayTimes, cpuAt: cpuInterpolator(cpuSamples) });
  };
  const profile = await profileOf([backfill], bench.config.BACKFILL_LOADS_BY_DATE);
  const liveProfile = live ? await profileOf(live, false) : null;

  const runs = [backfill, ...liveRuns];
  const seasonWallS = runs.reduce((sum, run) => sum + run.elapsed.wallMs, 0) / 1000;
  const seasonCpuS = runs.reduce((sum, run) => sum + run.elapsed.cpuMs, 0) / 1000;
  const replayFloorS = requests.reduce((sum, request) => sum + (request.durationMs ?? 0), 0) / 1000;
  const first = profile.curve.find((week) => week.week === 'first');
  const last = profile.curve.find((week) => week.week === 'last');
  const figures: BenchFigure[] = [
    figure({
      goal: `season ${range.from} .. ${range.to} (${allDates.length} dates, all phases), wall`,
      value: seasonWallS,
      unit: 's',
      reference: { name: "the replay's own answer time for every scrape", value: replayFloorS },
      target: { below: 60 },
      note: `${backfillDates.length} dates in backfill mode, ${liveDates.length} as live game days; ${requests.length} upstream requests${requests.length >= 10_000 ? ' (the replay log keeps 10,000: the floor is undercounted)' : ''}`,
    }),
    figure({ goal: 'season, CPU of the cluster process', value: seasonCpuS, unit: 's', reference: { name: 'season wall', value: seasonWallS }, target: null, note: 'user + system; steadier than wall time on a shared machine' }),
    figure({
      goal: 'cost of a date, last week / first week (CPU per game)',
      value: first?.cpu_ms_per_game && last?.cpu_ms_per_game ? last.cpu_ms_per_game / first.cpu_ms_per_game : null,
      unit: 'x',
      reference: null,
      target: { atMost: 1.5 },
      note: first && last ? `${Math.round(first.cpu_ms_per_game ?? 0)} -> ${Math.round(last.cpu_ms_per_game ?? 0)} CPU ms per game; wall ${Math.round(first.span_ms_per_game)} -> ${Math.round(last.span_ms_per_game)} ms per game` : 'fewer than one week of dates',
    }),
    figure({
      goal: 'phases 3+4+5 of a date, last week / first week',
      value: first && last ? last.phases345_ms_per_date / first.phases345_ms_per_date : null,
      unit: 'x',
      reference: null,
      target: null,
      note: first && last ? `${Math.round(first.phases345_ms_per_date)} -> ${Math.round(last.phases345_ms_per_date)} ms per date` : undefined,
    }),
  ];
  for (const gap of profile.transitions) {
    figures.push(figure({ goal: `transition ${gap.transition} (p95)`, value: gap.p95_ms, unit: 'ms', reference: null, target: { below: 1000 }, note: `${gap.samples} samples over the backfill` }));
  }
  if (liveProfile) {
    const measured = (read: (cost: DateCost) => number | null) => liveProfile.dates.map(read).filter((ms): ms is number => ms !== null);
    const afterPhase1 = measured((cost) => cost.after_phase1_ms);
    const endToEnd = measured((cost) => cost.end_to_end_ms);
    figures.push(
      figure({
        goal: 'live game day: phase 1 completion -> picks published (p95)',
        value: percentile(afterPhase1, 0.95),
        unit: 'ms',
        reference: null,
        target: { below: 3000 },
        note: `${afterPhase1.length} game days, each alone: phase 1's last run ending -> the date's last phase 5 run ending (loads, phases 3-5 and their hops)`,
      }),
      figure({
        goal: 'live game day: phase 1 start -> picks published (p95)',
        value: percentile(endToEnd, 0.95),
        unit: 'ms',
        reference: { name: "the replay's own answer time for the date", value: percentile(liveProfile.dates.map((cost) => replayTimes.get(cost.game_date)?.answerMs ?? 0), 0.95) },
        target: null,
        note: `${endToEnd.length} game days; the scrapes included (the goal is measured from phase 1's completion)`,
      }),
    );
    for (const gap of liveProfile.transitions) {
      figures.push(figure({ goal: `live transition ${gap.transition} (p95)`, value: gap.p95_ms, unit: 'ms', reference: null, target: { below: 1000 }, note: `${gap.samples} samples over ${liveProfile.dates.length} game days` }));
    }
  }
  return { backfill, live, profile, liveProfile, figures, replayRequests: requests.length };
}

async function readRunLogs(bench: BenchCluster, runs: readonly PipelineMeasurement[]) {
  const logs = await Promise.all(runs.map((run) => readOneRunLogs(bench, run)));
  return {
    phaseRuns: logs.flatMap((log) => log.phaseRuns),
    scraperRuns: logs.flatMap((log) => log.scraperRuns),
    processorRuns: logs.flatMap((log) => log.processorRuns),
  };
}

async function readOneRunLogs(bench: BenchCluster, run: PipelineMeasurement) {
  const range = { from: run.dates[0], to: run.dates[run.dates.length - 1], correlationId: run.correlationId };
  const [phaseRuns, scraperRuns, processorRuns] = await Promise.all([
    bench.warehouse.query<PhaseRunRow & Record<string, unknown>>(
      `SELECT service, CAST(game_date AS STRING) AS game_date, started_at, finished_at FROM nba_orchestration.phase_execution_log
        WHERE game_date BETWEEN @from AND @to AND correlation_id = @correlationId`,
      range,
    ),
    bench.warehouse.query<ScraperRunRow & Record<string, unknown>>(
      `SELECT scraper, CAST(game_date AS STRING) AS game_date, duration_ms, started_at, finished_at, payload_path FROM nba_orchestration.scraper_execution_log
        WHERE game_date BETWEEN @from AND @to AND correlation_id = @correlationId`,
      range,
    ),
    bench.warehouse.query<ProcessorRunRow & Record<string, unknown>>(
      `SELECT processor, CAST(game_date AS STRING) AS game_date, source_path, started_at, finished_at FROM nba_orchestration.processor_runs
        WHERE game_date BETWEEN @from AND @to AND correlation_id = @correlationId AND phase = 'phase2'`,
      range,
    ),
  ]);
  return { phaseRuns, scraperRuns, processorRuns };
}

function datesOf(from: string, to: string): string[] {
  const dates: string[] = [];
  for (let day = Date.parse(`${from}T00:00:00Z`); day <= Date.parse(`${to}T00:00:00Z`); day += 86_400_000) dates.push(new Date(day).toISOString().slice(0, 10));
  return dates;
}

