import { Recommendation } from '../predictions/recommendation';

export type GradeOutcome = 'win' | 'loss' | 'push' | 'no_bet';

/** A recommendation held against the actual points: a PASS, or no line, is no bet. */
export function gradeOutcome(recommendation: Recommendation, line: number | null, actualPoints: number): GradeOutcome {
  if (recommendation === 'PASS' || line === null) return 'no_bet';
  if (actualPoints === line) return 'push';
  const over = actualPoints > line;
  return (recommendation === 'OVER') === over ? 'win' : 'loss';
}

/** Profit of one unit staked at an American price: +100 pays 1, -110 pays 100/110. */
export function payoutPerUnit(price: number): number {
  return price > 0 ? price / 100 : 100 / -price;
}

/** What one unit returned: null when nothing was bet (or no price is known). */
export function profitUnits(outcome: GradeOutcome, price: number | null): number | null {
  if (outcome === 'no_bet' || price === null) return null;
  if (outcome === 'push') return 0;
  return outcome === 'win' ? Math.round(payoutPerUnit(price) * 10000) / 10000 : -1;
}
