/** One bookmaker's line for a player from nba_raw.odds_api_player_points_props. */
export interface PropLine {
  player_lookup: string;
  game_id: string;
  bookmaker: string;
  line: number;
  over_price: number | null;
  under_price: number | null;
}

export interface ConsensusLine {
  line: number;
  bookmaker: string;
  bookmakers: number;
  /** Mean over the books quoting the consensus line (both prices) of p_over / (p_over + p_under); null when none has both. */
  noVigProbabilityOver: number | null;
  /** Best American price for OVER / UNDER at the consensus line across the books quoting it. */
  bestOverPrice: number | null;
  bestUnderPrice: number | null;
}

/** American odds → implied probability (the break-even win rate at that price). */
export function impliedProbability(price: number): number {
  return price < 0 ? -price / (-price + 100) : 100 / (price + 100);
}

/** How far a line's prices are from even; a line without prices is the last choice. */
function imbalance(line: PropLine): number {
  if (line.over_price === null || line.under_price === null) return Number.POSITIVE_INFINITY;
  return Math.abs(impliedProbability(line.over_price) - impliedProbability(line.under_price));
}

/**
 * The line a prediction is held against: each bookmaker's main line (its most even prices; the
 * alternates are skewed), then the bookmaker whose main line is nearest the median of all of them.
 * Line and bookmaker therefore always belong together.
 */
export function consensusLine(lines: readonly PropLine[]): ConsensusLine | null {
  const byBookmaker = new Map<string, PropLine>();
  for (const line of lines) {
    const current = byBookmaker.get(line.bookmaker);
    if (!current || imbalance(line) < imbalance(current) || (imbalance(line) === imbalance(current) && line.line < current.line)) {
      byBookmaker.set(line.bookmaker, line);
    }
  }
  const mains = [...byBookmaker.values()].sort((a, b) => a.line - b.line || a.bookmaker.localeCompare(b.bookmaker));
  if (mains.length === 0) return null;
  const middle = Math.floor(mains.length / 2);
  const median = mains.length % 2 === 1 ? mains[middle].line : (mains[middle - 1].line + mains[middle].line) / 2;
  const nearest = [...mains].sort((a, b) => Math.abs(a.line - median) - Math.abs(b.line - median) || a.bookmaker.localeCompare(b.bookmaker))[0];
  const quoting = lines.filter((line) => line.line === nearest.line);
  const priced = quoting.filter((line): line is PropLine & { over_price: number; under_price: number } => line.over_price !== null && line.under_price !== null);
  const noVig = priced.map((line) => impliedProbability(line.over_price) / (impliedProbability(line.over_price) + impliedProbability(line.under_price)));
  const best = (prices: Array<number | null>) => {
    const present = prices.filter((price): price is number => price !== null);
    return present.length === 0 ? null : Math.max(...present);
  };
  return {
    line: nearest.line,
    bookmaker: nearest.bookmaker,
    bookmakers: mains.length,
    noVigProbabilityOver: noVig.length === 0 ? null : noVig.reduce((sum, value) => sum + value, 0) / noVig.length,
    bestOverPrice: best(quoting.map((line) => line.over_price)),
    bestUnderPrice: best(quoting.map((line) => line.under_price)),
  };
}
