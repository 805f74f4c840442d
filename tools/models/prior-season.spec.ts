import fs from 'node:fs';
import path from 'node:path';
import { summarizePriorSeason } from '../../apps/phase4-precompute/src/prior-season/prior-season.summarizer';
import { PRIOR_SEASON_TOTALS } from '../../apps/phase4-precompute/src/prior-season/season-2024-25.priors';
import { PRIOR_SEASON_CSV, PRIOR_SEASON_MODULE, priorSeasonModuleText } from './prior-season.main';

const root = path.resolve(__dirname, '..', '..');

describe('last season\'s prior', () => {
  const csv = fs.readFileSync(path.join(root, PRIOR_SEASON_CSV), 'utf8');

  it('is the generated summary of the bundled 2024-25 player game logs (regenerate with npm run prior-season)', () => {
    expect(fs.readFileSync(path.join(root, PRIOR_SEASON_MODULE), 'utf8')).toBe(priorSeasonModuleText(csv));
  });

  it('holds real totals: a star\'s season and every player\'s minutes and points', () => {
    const totals = summarizePriorSeason(csv);
    expect(PRIOR_SEASON_TOTALS).toEqual(totals);
    expect(Object.keys(totals).length).toBeGreaterThan(400);
    const shai = totals['shaigilgeousalexander'];
    expect(shai.games).toBeGreaterThan(60);
    expect(shai.points / shai.games).toBeGreaterThan(28);
    expect(Object.values(totals).every((line) => line.minutes > 0 && line.points >= 0 && line.games > 0)).toBe(true);
  });

  it('names the row and column of a malformed number', () => {
    expect(() => summarizePriorSeason('player,minutes,pts,fga\nA B,12,x,3\n')).toThrow(/row 2: pts must be a number, got 'x'/);
  });
});
