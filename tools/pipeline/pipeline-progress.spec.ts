import { PipelineProgress } from './pipeline-progress';
import { PipelineReport } from './pipeline-report';
import { formatPicks } from './pipeline-picks';

const report = (outcomes: Record<string, string>): PipelineReport => ({
  complete: false,
  failed: false,
  sources: [],
  deadLetters: [],
  rows: Object.entries(outcomes).map(([service, outcome]) => ({ game_date: '2025-11-05', service: service as never, outcome: outcome as never, records: 10, detail: `${service} detail` })),
});

describe('pipeline progress', () => {
  it('prints one line per date and phase once its outcome is settled, and never twice', () => {
    const lines: string[] = [];
    const progress = new PipelineProgress((line) => lines.push(line));
    progress.update(report({ 'phase1-scrapers': 'success', 'phase2-raw': 'running', 'phase3-analytics': 'not_reported', 'phase4-precompute': 'not_reported', 'phase5-predictions': 'not_reported' }), false);
    expect(lines).toEqual(['2025-11-05 phase1-scrapers    success       10  phase1-scrapers detail']);
    // phase 2 loads payloads one by one: it is settled once phase 3 has reported
    progress.update(report({ 'phase1-scrapers': 'success', 'phase2-raw': 'success', 'phase3-analytics': 'not_reported', 'phase4-precompute': 'not_reported', 'phase5-predictions': 'not_reported' }), false);
    expect(lines).toHaveLength(1);
    progress.update(report({ 'phase1-scrapers': 'success', 'phase2-raw': 'success', 'phase3-analytics': 'success', 'phase4-precompute': 'running', 'phase5-predictions': 'not_reported' }), false);
    expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(['phase1-scrapers', 'phase2-raw', 'phase3-analytics']);
    progress.update(report({ 'phase1-scrapers': 'success', 'phase2-raw': 'success', 'phase3-analytics': 'success', 'phase4-precompute': 'success', 'phase5-predictions': 'skipped' }), true);
    expect(lines.map((line) => line.split(/\s+/)[1])).toEqual(['phase1-scrapers', 'phase2-raw', 'phase3-analytics', 'phase4-precompute', 'phase5-predictions']);
  });
});

describe('the picks table', () => {
  it('shows each pick with its line, prediction, call, signed edge, price, confidence and tier', () => {
    const text = formatPicks('2025-11-05', [{ player: 'Anthony Edwards', team: 'MIN', opponent: 'NYK', line: 26.5, predicted: 19.23, call: 'UNDER', edge: -7.27, confidence: 56.4, price: -115, tier: 'silver' }], '');
    expect(text).toContain("picks for 2025-11-05 (1, most confident first; a call needs its probability above the price's break-even)");
    expect(text).toContain('| Anthony Edwards | MIN v NYK | 26.5 | 19.2      | UNDER | -7.3 | -115  | 56 %       | silver |');
  });

  it('says why there are none', () => {
    expect(formatPicks('2025-10-22', [], 'phase 5 skipped: boundary blocked')).toBe('no picks for 2025-10-22: phase 5 skipped: boundary blocked');
  });
});
