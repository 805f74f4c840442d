import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { bundledSeasonDir } from '../cluster/replay-upstreams';
import { BENCH_USAGE, BenchArgumentError, parseBenchArguments } from './bench-arguments';
import { BenchCluster } from './bench-cluster';
import { BenchFigure, describeMachine, figure, formatFigures, formatTable } from './bench-report';
import { benchDuplicatePushes, benchEmptyPushHop } from './push.bench';
import { benchPurePaths } from './pure-paths.bench';
import { benchRawLoad } from './raw-load.bench';
import { benchSeason, SeasonBench } from './season.bench';
import { SeasonProfile } from './season-profile';

/**
 * `npm run bench [--json]`: the issue 15 goals measured end to end on the real local cluster and the
 * bundled season, each figure next to a floor or baseline measured in the same run, plus where a
 * date's time goes. Writes bench/results.json. Numbers are this machine's, at this load: compare
 * ratios, not absolute figures.
 */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseBenchArguments(argv);
  } catch (error) {
    if (!(error instanceof BenchArgumentError)) throw error;
    process.stderr.write(`${error.message}\n${BENCH_USAGE}\n`);
    return 2;
  }
  const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const machine = describeMachine();
  const figures: BenchFigure[] = [];

  progress('one push to an empty handler (the floor of a transition)');
  const hopFloorMs = await benchEmptyPushHop();
  progress('starting the local cluster in a fresh DATA_DIR');
  const bench = await BenchCluster.start();
  let season: SeasonBench;
  try {
    figures.push(figure({ goal: 'cluster start (5 services, replay, DuckDB)', value: bench.startup.wallMs, unit: 'ms', reference: null, target: null }));
    season = await benchSeason(bench, args, progress);
    figures.push(...season.figures.map((entry) => (entry.goal.includes('transition') ? figure({ ...entry, reference: { name: 'one push to an empty handler (p95)', value: hopFloorMs } }) : entry)));
    const loadDate = args.loadDate ?? busiestDate(season.profile, args.from, args.to);
    progress(`phase 2 reload of ${loadDate} against DuckDB's CSV read`);
    figures.push(...(await benchRawLoad(bench, loadDate)).figures);
    progress('/pubsub duplicate deliveries against an empty handler');
    figures.push(...(await benchDuplicatePushes(bench, args.from)));
  } finally {
    await bench.stop(args.keepData);
    if (args.keepData) progress(`kept the bench's DATA_DIR ${bench.dataDir}`);
  }
  progress('pure paths of phases 2 and 3');
  figures.push(...(await benchPurePaths()));

  const results = {
    generated_at: new Date().toISOString(),
    commit: gitCommit(),
    command: argv.length > 0 ? `npm run bench -- ${argv.join(' ')}` : 'npm run bench',
    machine: { ...machine, load_average_end: Number(os.loadavg()[0].toFixed(2)) },
    figures,
    curve: season.profile.curve,
    profile: {
      scrapers: season.profile.scrapers,
      loads: season.profile.loads,
      phases: season.profile.phases,
      transitions: season.profile.transitions,
      phase1_overhead_ms_per_date: season.profile.phase1_overhead_ms_per_date,
      replay_answer_ms_per_date: season.profile.replay_answer_ms_per_date,
    },
    dates: season.profile.dates,
    live_dates: season.liveProfile?.dates ?? [],
  };
  const resultsPath = path.join(path.resolve(bundledSeasonDir(), '..', '..'), 'bench', 'results.json');
  fs.mkdirSync(path.dirname(resultsPath), { recursive: true });
  fs.writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);

  if (args.json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    process.stdout.write(`${describe(results.machine)}\n\n${formatFigures(figures)}\n\n`);
    process.stdout.write(`per-date cost over the season (backfill)\n${formatCurve(season.profile)}\n\n`);
    process.stdout.write(`where a date's time goes (backfill, from the warehouse's own logs)\n${formatProfile(season.profile)}\n\nwrote ${resultsPath}\n`);
  }
  return 0;
}

function describe(machine: ReturnType<typeof describeMachine>): string {
  return `machine: ${machine.cpus} x ${machine.cpu_model}, ${machine.memory_gib} GiB, Node ${machine.node}, ${machine.platform}; load average ${machine.load_average_start} at start, ${machine.load_average_end} at end`;
}

function busiestDate(profile: SeasonProfile, from: string, to: string): string {
  const middle = profile.dates.filter((cost) => cost.games > 0);
  return middle.length === 0 ? from : [...middle].sort((left, right) => right.games - left.games || left.game_date.localeCompare(right.game_date))[0]?.game_date ?? to;
}

function formatCurve(profile: SeasonProfile): string {
  return formatTable(
    ['week', 'dates', 'games/date', 'wall ms/date', 'CPU ms/date', 'CPU ms/game', 'phases 3-5 ms/date', 'phase 4 ms/date', 'phase 5 ms/date'],
    profile.curve.map((week) => [
      `${week.week} (${week.from} .. ${week.to})`,
      String(week.dates),
      week.games_per_date.toFixed(1),
      String(Math.round(week.span_ms_per_date)),
      week.cpu_ms_per_date === null ? 'n/a' : String(Math.round(week.cpu_ms_per_date)),
      week.cpu_ms_per_game === null ? 'n/a' : String(Math.round(week.cpu_ms_per_game)),
      String(Math.round(week.phases345_ms_per_date)),
      String(Math.round(week.phase4_ms_per_date)),
      String(Math.round(week.phase5_ms_per_date)),
    ]),
  );
}

function formatProfile(profile: SeasonProfile): string {
  const rows = (kind: string, timings: SeasonProfile['scrapers']) =>
    timings.map((timing) => [kind, timing.name, String(timing.runs), timing.average_ms.toFixed(1), String(Math.round(timing.total_ms))]);
  const table = formatTable(['where', 'what', 'runs', 'average ms', 'total ms'], [
    ...rows('phase', profile.phases),
    ...rows('scraper', profile.scrapers),
    ...rows('phase 2 load', profile.loads),
  ]);
  const transitions = formatTable(
    ['transition', 'samples', 'p50 ms', 'p95 ms'],
    profile.transitions.map((gap) => [gap.transition, String(gap.samples), gap.p50_ms?.toFixed(0) ?? 'n/a', gap.p95_ms?.toFixed(0) ?? 'n/a']),
  );
  const overhead = `phase 1 per date: ${profile.phase1_overhead_ms_per_date?.toFixed(0) ?? 'n/a'} ms outside its scrapers (logs, checks, messages between them); the replay answered in ${profile.replay_answer_ms_per_date?.toFixed(0) ?? 'n/a'} ms per date`;
  return `${table}\n\n${transitions}\n\n${overhead}`;
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // Not a git checkout (an image): the results say so with null rather than a guess.
    return null;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
