import { mean, millisBetween, percentile } from './bench-stats';

/** The warehouse's own log rows of one measured run, as the profile reads them. */
export interface PhaseRunRow {
  service: string;
  game_date: string;
  started_at: string;
  finished_at: string | null;
}

export interface ScraperRunRow {
  scraper: string;
  game_date: string;
  duration_ms: number | null;
  started_at: string;
  finished_at: string | null;
  payload_path: string | null;
}

export interface ProcessorRunRow {
  processor: string;
  game_date: string;
  source_path: string | null;
  started_at: string;
  finished_at: string | null;
}

/** What the replay itself spent answering, per date of the season (its request log). */
export interface ReplayTime {
  requests: number;
  answerMs: number;
}

export interface DateCost {
  game_date: string;
  games: number;
  /** Phase 1 start of this date to phase 1 start of the next (the pipeline posts dates one after another). */
  span_ms: number;
  /** CPU the cluster process used over that span (user + system). */
  cpu_ms: number | null;
  phase1_ms: number;
  /** Summed run durations of phases 3, 4 and 5 for the date (they overlap the next date's scrapes). */
  phases345_ms: number;
  phase4_ms: number;
  phase5_ms: number;
  phase2_loads: number;
  phase2_ms: number;
  /** Phase 1 start to the last phase 5 run's end. */
  end_to_end_ms: number | null;
  /** Phase 1's completion (its last run's end) to the last phase 5 run's end: the issue's measure of a live game day. */
  after_phase1_ms: number | null;
}

export interface CostWeek {
  week: 'first' | 'middle' | 'last';
  from: string;
  to: string;
  dates: number;
  games_per_date: number;
  span_ms_per_date: number;
  span_ms_per_game: number;
  cpu_ms_per_date: number | null;
  cpu_ms_per_game: number | null;
  phases345_ms_per_date: number;
  phase4_ms_per_date: number;
  phase5_ms_per_date: number;
}

export interface TimingRow {
  name: string;
  runs: number;
  average_ms: number;
  total_ms: number;
}

export interface TransitionTiming {
  transition: string;
  samples: number;
  p50_ms: number | null;
  p95_ms: number | null;
}

export interface SeasonProfile {
  dates: DateCost[];
  curve: CostWeek[];
  scrapers: TimingRow[];
  loads: TimingRow[];
  phases: TimingRow[];
  transitions: TransitionTiming[];
  /** Per date, phase 1's run minus its scrapers' own durations: logs, checks, messages between scrapes. */
  phase1_overhead_ms_per_date: number | null;
  replay_answer_ms_per_date: number | null;
}

const duration = (row: { started_at: string; finished_at: string | null }) => (row.finished_at ? millisBetween(row.started_at, row.finished_at) : null);

function timings(rows: ReadonlyArray<{ name: string; ms: number | null }>): TimingRow[] {
  const byName = new Map<string, number[]>();
  for (const row of rows) {
    if (row.ms === null) continue;
    byName.set(row.name, [...(byName.get(row.name) ?? []), row.ms]);
  }
  return [...byName]
    .map(([name, samples]) => ({ name, runs: samples.length, average_ms: mean(samples) ?? 0, total_ms: samples.reduce((sum, ms) => sum + ms, 0) }))
    .sort((left, right) => right.total_ms - left.total_ms);
}

function transition(name: string, gaps: number[]): TransitionTiming {
  return { transition: name, samples: gaps.length, p50_ms: percentile(gaps, 0.5), p95_ms: percentile(gaps, 0.95) };
}

/** The phase 2 processors phase 3 waits for (RAW_PROCESSORS' required ones), for the 2 → 3 transition. */
export interface ProfileInputs {
  dates: readonly string[];
  gamesOn: (gameDate: string) => number;
  phaseRuns: readonly PhaseRunRow[];
  scraperRuns: readonly ScraperRunRow[];
  processorRuns: readonly ProcessorRunRow[];
  requiredProcessors: readonly string[];
  /** Phase 1 announced each date once and phase 2 loaded it in one run (backfill, BACKFILL_LOADS_BY_DATE). */
  loadedByDate?: boolean;
  replay: ReadonlyMap<string, ReplayTime>;
  /** Cumulative process CPU (ms) at an instant (epoch ms), or null outside the sampled run. */
  cpuAt: (atMs: number) => number | null;
}

/**
 * Where a date's time goes, from the warehouse's own logs of the run: per date, per scraper, per
 * load, per phase, and the gaps between a completion and the next phase running.
 */
export function buildSeasonProfile(inputs: ProfileInputs): SeasonProfile {
  const { dates, phaseRuns, scraperRuns, processorRuns } = inputs;
  const runsOf = (gameDate: string, service: string) => phaseRuns.filter((run) => run.game_date === gameDate && run.service === service);
  const sumOf = (runs: readonly PhaseRunRow[]) => runs.reduce((sum, run) => sum + (duration(run) ?? 0), 0);
  const firstPhase1 = (gameDate: string) => runsOf(gameDate, 'phase1-scrapers').map((run) => run.started_at).sort()[0];
  const lastFinish = phaseRuns.map((run) => run.finished_at ?? run.started_at).sort().at(-1);

  const costs: DateCost[] = dates.map((gameDate, index) => {
    const start = firstPhase1(gameDate);
    const next = index + 1 < dates.length ? firstPhase1(dates[index + 1]) : lastFinish;
    const phase5 = runsOf(gameDate, 'phase5-predictions');
    const lastPicks = phase5.map((run) => run.finished_at).filter((at): at is string => at !== null).sort().at(-1);
    const loads = runsOf(gameDate, 'phase2-raw');
    const phase1Done = runsOf(gameDate, 'phase1-scrapers').map((run) => run.finished_at).filter((at): at is string => at !== null).sort().at(-1);
    return {
      game_date: gameDate,
      games: inputs.gamesOn(gameDate),
      span_ms: start && next ? millisBetween(start, next) : 0,
      cpu_ms: cpuBetween(inputs.cpuAt, start, next),
      phase1_ms: sumOf(runsOf(gameDate, 'phase1-scrapers')),
      phases345_ms: sumOf(runsOf(gameDate, 'phase3-analytics')) + sumOf(runsOf(gameDate, 'phase4-precompute')) + sumOf(phase5),
      phase4_ms: sumOf(runsOf(gameDate, 'phase4-precompute')),
      phase5_ms: sumOf(phase5),
      phase2_loads: loads.length,
      phase2_ms: sumOf(loads),
      end_to_end_ms: start && lastPicks ? millisBetween(start, lastPicks) : null,
      after_phase1_ms: phase1Done && lastPicks ? millisBetween(phase1Done, lastPicks) : null,
    };
  });

  const gaps = { scrapeToLoad: [] as number[], loadToAnalytics: [] as number[], analyticsToPrecompute: [] as number[], precomputeToPredictions: [] as number[] };
  const loadsByPath = new Map(processorRuns.filter((run) => run.source_path).map((run) => [run.source_path!, run]));
  // A date loaded by date (a backfilled one, announced once) waits by design for its last scrape and
  // for phase 3 to end on the previous date: its one 1 -> 2 gap runs from the later of the two to the
  // date's first load.
  const loadedByDate = new Set(inputs.loadedByDate ? dates : []);
  for (const scrape of scraperRuns) {
    if (loadedByDate.has(scrape.game_date)) continue;
    const load = scrape.payload_path ? loadsByPath.get(scrape.payload_path) : undefined;
    if (load && scrape.finished_at) gaps.scrapeToLoad.push(millisBetween(scrape.finished_at, load.started_at));
  }
  for (const [index, gameDate] of dates.entries()) {
    if (!loadedByDate.has(gameDate)) continue;
    const firstLoad = processorRuns.filter((run) => run.game_date === gameDate).map((run) => run.started_at).sort()[0];
    const endedBefore = (ends: Array<string | null>) => ends.filter((end): end is string => end !== null && end <= firstLoad).sort().at(-1);
    const lastScrape = endedBefore(scraperRuns.filter((run) => run.game_date === gameDate).map((run) => run.finished_at));
    const previousAnalytics = index > 0 ? endedBefore(runsOf(dates[index - 1], 'phase3-analytics').map((run) => run.finished_at)) : undefined;
    const ready = [lastScrape, previousAnalytics].filter((end): end is string => end !== undefined).sort().at(-1);
    if (lastScrape && ready) gaps.scrapeToLoad.push(millisBetween(ready, firstLoad));
  }
  for (const gameDate of dates) {
    const analytics = runsOf(gameDate, 'phase3-analytics').sort((left, right) => left.started_at.localeCompare(right.started_at))[0];
    const requiredLoads = processorRuns.filter((run) => run.game_date === gameDate && inputs.requiredProcessors.includes(run.processor) && run.finished_at);
    const lastRequired = requiredLoads.map((run) => run.finished_at!).sort().at(-1);
    if (analytics && lastRequired && requiredLoads.length >= inputs.requiredProcessors.length) {
      gaps.loadToAnalytics.push(millisBetween(lastRequired, analytics.started_at));
    }
    const pairs: Array<[string, string, number[]]> = [
      ['phase3-analytics', 'phase4-precompute', gaps.analyticsToPrecompute],
      ['phase4-precompute', 'phase5-predictions', gaps.precomputeToPredictions],
    ];
    for (const [upstream, downstream, into] of pairs) {
      for (const finished of runsOf(gameDate, upstream)) {
        if (!finished.finished_at) continue;
        const next = runsOf(gameDate, downstream)
          .filter((run) => run.started_at >= finished.started_at)
          .sort((left, right) => left.started_at.localeCompare(right.started_at))[0];
        // The completion is published just before the run's own log row is closed: the gap can dip below zero.
        if (next) into.push(Math.max(0, millisBetween(finished.finished_at, next.started_at)));
      }
    }
  }

  const phase1Overheads = dates.flatMap((gameDate) => {
    const phase1 = sumOf(runsOf(gameDate, 'phase1-scrapers'));
    // Scrapes of one date overlap (per-game scrapes run side by side): count the time any was running.
    const scraping = coveredMs(scraperRuns.filter((run) => run.game_date === gameDate && run.finished_at).map((run) => [Date.parse(run.started_at), Date.parse(run.finished_at!)]));
    return phase1 > 0 ? [phase1 - scraping] : [];
  });
  const replayPerDate = dates.map((gameDate) => inputs.replay.get(gameDate)?.answerMs ?? 0);

  return {
    dates: costs,
    curve: costCurve(costs),
    scrapers: timings(scraperRuns.map((run) => ({ name: run.scraper, ms: run.duration_ms }))),
    loads: timings(processorRuns.map((run) => ({ name: run.processor, ms: duration(run) }))),
    phases: timings(phaseRuns.map((run) => ({ name: run.service, ms: duration(run) }))),
    transitions: [
      transition(inputs.loadedByDate ? '1 -> 2: a date\'s last scrape (and the previous date\'s phase 3) finished -> its loading (one message per date)' : '1 -> 2: scraper finished -> its payload loading', gaps.scrapeToLoad),
      transition('2 -> 3: last required load finished -> phase 3 running', gaps.loadToAnalytics),
      transition('3 -> 4: phase 3 finished -> phase 4 running', gaps.analyticsToPrecompute),
      transition('4 -> 5: phase 4 finished -> phase 5 running', gaps.precomputeToPredictions),
    ],
    phase1_overhead_ms_per_date: mean(phase1Overheads),
    replay_answer_ms_per_date: mean(replayPerDate),
  };
}

/** Milliseconds covered by at least one of the intervals. */
export function coveredMs(intervals: ReadonlyArray<readonly [number, number]>): number {
  let covered = 0;
  let reach = -Infinity;
  for (const [start, end] of [...intervals].sort((left, right) => left[0] - right[0])) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return covered;
}

function cpuBetween(cpuAt: ProfileInputs['cpuAt'], from: string | undefined, to: string | undefined): number | null {
  if (!from || !to) return null;
  const [start, end] = [cpuAt(Date.parse(from)), cpuAt(Date.parse(to))];
  return start === null || end === null ? null : end - start;
}

/** Cumulative CPU at an instant, interpolated between the samples around it. */
export function cpuInterpolator(samples: ReadonlyArray<{ atMs: number; cpuMs: number }>): (atMs: number) => number | null {
  return (atMs) => {
    if (samples.length === 0 || atMs < samples[0].atMs || atMs > samples[samples.length - 1].atMs) return null;
    let low = 0;
    let high = samples.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (samples[middle].atMs <= atMs) low = middle;
      else high = middle;
    }
    const [before, after] = [samples[low], samples[high]];
    const span = after.atMs - before.atMs;
    return span === 0 ? before.cpuMs : before.cpuMs + ((after.cpuMs - before.cpuMs) * (atMs - before.atMs)) / span;
  };
}

/**
 * First, middle and last seven dates with games: what a date costs as the season's history grows.
 * A date's window (its phase 1 start to the next one's) holds its scrapes and the previous date's
 * phases 2-5, which overlap them. The run's first date has no previous date in its window, and its
 * last date's window runs to the run's end, so it holds its own phases 2-5 as well: neither is a
 * date's cost like the others, and the curve leaves both out (a run of one or two dates keeps them).
 */
export function costCurve(costs: readonly DateCost[]): CostWeek[] {
  const comparable = costs.length > 2 ? costs.slice(1, -1) : costs;
  const withGames = comparable.filter((cost) => cost.games > 0);
  if (withGames.length === 0) return [];
  const size = Math.min(7, withGames.length);
  const middleStart = Math.max(0, Math.floor((withGames.length - size) / 2));
  const weeks: Array<[CostWeek['week'], DateCost[]]> = [
    ['first', withGames.slice(0, size)],
    ['middle', withGames.slice(middleStart, middleStart + size)],
    ['last', withGames.slice(withGames.length - size)],
  ];
  return weeks.map(([week, slice]) => {
    const perDate = (pick: (cost: DateCost) => number) => slice.reduce((sum, cost) => sum + pick(cost), 0) / slice.length;
    const games = slice.reduce((sum, cost) => sum + cost.games, 0);
    const cpu = slice.every((cost) => cost.cpu_ms !== null) ? slice.reduce((sum, cost) => sum + cost.cpu_ms!, 0) : null;
    return {
      week,
      from: slice[0].game_date,
      to: slice[slice.length - 1].game_date,
      dates: slice.length,
      games_per_date: games / slice.length,
      span_ms_per_date: perDate((cost) => cost.span_ms),
      span_ms_per_game: slice.reduce((sum, cost) => sum + cost.span_ms, 0) / games,
      cpu_ms_per_date: cpu === null ? null : cpu / slice.length,
      cpu_ms_per_game: cpu === null ? null : cpu / games,
      phases345_ms_per_date: perDate((cost) => cost.phases345_ms),
      phase4_ms_per_date: perDate((cost) => cost.phase4_ms),
      phase5_ms_per_date: perDate((cost) => cost.phase5_ms),
    };
  });
}
