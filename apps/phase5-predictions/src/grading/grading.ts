import { Recommendation } from '../predictions/recommendation';

export type GradeOutcome = 'win' | 'loss' | 'push' | 'no_bet';

/** A recommendation held against the actual points: a PASS, or no line, is no bet. */
export function gradeOutcome(recommendation: Recommendation, line: number | null, actualPoints: number): GradeOutcome {
  if (recommendation === 'PASS' || line === null) return 'no_bet';
  if (actualPoints === line) return 'push';
  const over = actualPoints > line;
  return (recommendation === 'OVER') === over ? 'win' : 'loss';
}
