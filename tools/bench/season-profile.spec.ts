import { buildSeasonProfile, costCurve, coveredMs, cpuInterpolator, DateCost } from './season-profile';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)).toISOString();

describe('season profile', () => {
  it('counts overlapping intervals once', () => {
    expect(coveredMs([[0, 10], [5, 15], [20, 25], [21, 22]])).toBe(20);
    expect(coveredMs([])).toBe(0);
  });

  it('interpolates cumulative CPU between samples and knows nothing outside them', () => {
    const cpuAt = cpuInterpolator([{ atMs: 1000, cpuMs: 10 }, { atMs: 2000, cpuMs: 30 }, { atMs: 3000, cpuMs: 30 }]);
    expect(cpuAt(1500)).toBe(20);
    expect(cpuAt(2500)).toBe(30);
    expect(cpuAt(999)).toBeNull();
    expect(cpuAt(3001)).toBeNull();
  });

  it('reads a date cost, the transitions and the profile from the logs of a run', () => {
    const profile = buildSeasonProfile({
      dates: ['2025-11-05', '2025-11-06'],
      gamesOn: (date) => (date === '2025-11-05' ? 2 : 1),
      phaseRuns: [
        { service: 'phase1-scrapers', game_date: '2025-11-05', started_at: at(0), finished_at: at(4) },
        { service: 'phase2-raw', game_date: '2025-11-05', started_at: at(1), finished_at: at(2) },
        { service: 'phase3-analytics', game_date: '2025-11-05', started_at: at(3), finished_at: at(5) },
        { service: 'phase4-precompute', game_date: '2025-11-05', started_at: at(6), finished_at: at(7) },
        { service: 'phase5-predictions', game_date: '2025-11-05', started_at: at(8), finished_at: at(9) },
        { service: 'phase1-scrapers', game_date: '2025-11-06', started_at: at(5), finished_at: at(8) },
      ],
      scraperRuns: [
        { scraper: 'bdl_player_stats', game_date: '2025-11-05', duration_ms: 1000, started_at: at(0), finished_at: at(1), payload_path: 'p1' },
        { scraper: 'odds_player_points', game_date: '2025-11-05', duration_ms: 2000, started_at: at(1), finished_at: at(3), payload_path: 'p2' },
        { scraper: 'odds_player_points', game_date: '2025-11-05', duration_ms: 1000, started_at: at(2), finished_at: at(3), payload_path: null },
      ],
      processorRuns: [
        { processor: 'bdl_player_stats', game_date: '2025-11-05', source_path: 'p1', started_at: at(1), finished_at: at(2) },
        { processor: 'nbac_schedule', game_date: '2025-11-05', source_path: 'p0', started_at: at(1), finished_at: at(2) },
      ],
      requiredProcessors: ['nbac_schedule', 'bdl_player_stats'],
      replay: new Map([['2025-11-05', { requests: 3, answerMs: 30 }]]),
      cpuAt: (atMs) => atMs / 10,
    });
    expect(profile.dates[0]).toMatchObject({ game_date: '2025-11-05', games: 2, span_ms: 5000, cpu_ms: 500, phase1_ms: 4000, phases345_ms: 4000, phase2_loads: 1, end_to_end_ms: 9000, after_phase1_ms: 5000 });
    // The last date runs until the last phase reported anything.
    expect(profile.dates[1]).toMatchObject({ span_ms: 4000, end_to_end_ms: null, after_phase1_ms: null });
    expect(profile.transitions.map((gap) => [gap.samples, gap.p95_ms])).toEqual([[1, 0], [1, 1000], [1, 1000], [1, 1000]]);
    expect(profile.scrapers[0]).toEqual({ name: 'odds_player_points', runs: 2, average_ms: 1500, total_ms: 3000 });
    // 2025-11-05: phase 1 ran 4 s and some scrape was running for 3 of them; 2025-11-06: 3 s, no scrape logged.
    expect(profile.phase1_overhead_ms_per_date).toBe((1000 + 3000) / 2);
  });

  it('takes one 1 -> 2 gap per date loaded by date: its last scrape before the loads -> its first load', () => {
    const inputs = {
      dates: ['2025-11-05'],
      gamesOn: () => 1,
      phaseRuns: [{ service: 'phase2-raw', game_date: '2025-11-05', started_at: at(5), finished_at: at(7) }],
      scraperRuns: [
        { scraper: 'nbac_schedule', game_date: '2025-11-05', duration_ms: 1000, started_at: at(0), finished_at: at(1), payload_path: 'p0' },
        { scraper: 'bdl_player_stats', game_date: '2025-11-05', duration_ms: 2000, started_at: at(1), finished_at: at(4), payload_path: 'p1' },
      ],
      processorRuns: [
        { processor: 'nbac_schedule', game_date: '2025-11-05', source_path: 'p0', started_at: at(5), finished_at: at(6) },
        { processor: 'bdl_player_stats', game_date: '2025-11-05', source_path: 'p1', started_at: at(5), finished_at: at(6) },
      ],
      requiredProcessors: ['nbac_schedule', 'bdl_player_stats'],
      replay: new Map(),
      cpuAt: () => null,
    };
    expect(buildSeasonProfile({ ...inputs, loadedByDate: true }).transitions[0]).toMatchObject({ samples: 1, p95_ms: 1000 });
    // Read as per-scraper loads, the same logs give one gap per payload, each counting the date's other scrapes.
    expect(buildSeasonProfile(inputs).transitions[0]).toMatchObject({ samples: 2, p95_ms: 4000 });
  });

  it('counts a date loaded by date from the previous date\'s phase 3 when that ended after its last scrape (the date waits for it by design)', () => {
    const inputs = {
      dates: ['2025-11-04', '2025-11-05'],
      gamesOn: () => 1,
      phaseRuns: [
        { service: 'phase3-analytics', game_date: '2025-11-04', started_at: at(1), finished_at: at(4) },
        { service: 'phase2-raw', game_date: '2025-11-05', started_at: at(5), finished_at: at(7) },
      ],
      scraperRuns: [{ scraper: 'nbac_schedule', game_date: '2025-11-05', duration_ms: 1000, started_at: at(0), finished_at: at(1), payload_path: 'p0' }],
      processorRuns: [{ processor: 'nbac_schedule', game_date: '2025-11-05', source_path: 'p0', started_at: at(5), finished_at: at(6) }],
      requiredProcessors: ['nbac_schedule'],
      replay: new Map(),
      cpuAt: () => null,
      loadedByDate: true,
    };
    expect(buildSeasonProfile(inputs).transitions[0]).toMatchObject({ samples: 1, p95_ms: 1000 });
  });

  it('the cost curve takes the first, middle and last seven dates with games, leaving out the first and last dates of the run', () => {
    const costs: DateCost[] = Array.from({ length: 23 }, (_, index) => ({
      game_date: `2025-11-${String(index + 1).padStart(2, '0')}`,
      games: index === 3 ? 0 : 2,
      span_ms: 100 * (index + 1),
      cpu_ms: 10 * (index + 1),
      phase1_ms: 0,
      phases345_ms: index,
      phase4_ms: 0,
      phase5_ms: 0,
      phase2_loads: 0,
      phase2_ms: 0,
      end_to_end_ms: null,
      after_phase1_ms: null,
    }));
    const curve = costCurve(costs);
    expect(curve.map((week) => [week.week, week.from, week.to, week.dates])).toEqual([
      ['first', '2025-11-02', '2025-11-09', 7],
      ['middle', '2025-11-09', '2025-11-15', 7],
      ['last', '2025-11-16', '2025-11-22', 7],
    ]);
    expect(curve[2].cpu_ms_per_game).toBe((10 * (16 + 17 + 18 + 19 + 20 + 21 + 22)) / 14);
    // a run of two dates has no other dates to compare: both stay
    expect(costCurve(costs.slice(0, 2))[0]).toMatchObject({ from: '2025-11-01', to: '2025-11-02', dates: 2 });
  });
});
