import { BoxScoreStats } from '@lib/warehouse';
import { decimalMinutes, PayloadShape } from '../raw-payload/payload-shape';

/** A raw box-score row's player and line, in the columns every raw box-score table shares. */
export interface BoxScoreLine extends BoxScoreStats {
  player_name: string;
  player_lookup: string;
  team_code: string;
}

/** balldontlie's stat names (stats and box_scores endpoints share them). */
export function balldontlieLine(stat: PayloadShape): Omit<BoxScoreLine, 'player_name' | 'player_lookup' | 'team_code'> {
  const count = (name: string) => stat.field(name).optionalInteger();
  return {
    minutes: stat.field('min').convert(decimalMinutes, 'minutes'),
    points: count('pts'),
    fgm: count('fgm'),
    fga: count('fga'),
    fg3m: count('fg3m'),
    fg3a: count('fg3a'),
    ftm: count('ftm'),
    fta: count('fta'),
    oreb: count('oreb'),
    dreb: count('dreb'),
    reb: count('reb'),
    ast: count('ast'),
    stl: count('stl'),
    blk: count('blk'),
    tov: count('turnover'),
    pf: count('pf'),
    plus_minus: stat.field('plus_minus').optionalInteger(),
  };
}
