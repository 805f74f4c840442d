import { PredictionRow } from './prediction.builder';

/** An active prediction as stored: when it was made. */
export interface MadePrediction extends PredictionRow {
  created_at: string;
}

export interface FrozenPicks {
  /** The run's predictions for slots nothing froze: these are written (superseding what they replace). */
  writable: PredictionRow[];
  /** What is in force after the run: the frozen pre-game predictions and the writable ones. The picks come from these. */
  inForce: PredictionRow[];
  /** Pre-game predictions kept in force because their game has tipped off. */
  frozen: number;
  /** Of the run's predictions, how many a frozen one kept out. */
  withheld: number;
}

const slotOf = (row: Pick<PredictionRow, 'game_id' | 'player_lookup' | 'system_id'>) => `${row.game_id}|${row.player_lookup}|${row.system_id}`;

/**
 * Once a game has tipped off, the predictions made for it before tip-off are the ones the bettor saw:
 * a later run (the post-game rerun of the date, self-heal, an operator's trigger) does not replace
 * them, in any system, so the published picks and the graded record are what was known pre-game.
 * A player with no pre-game prediction (no line before tip-off) still gets one from the later run;
 * its created_at says it was made after tip-off. A game with no known tip-off freezes nothing.
 */
export function freezeStartedGames(
  fresh: readonly PredictionRow[],
  active: readonly MadePrediction[],
  tipoffs: ReadonlyMap<string, string>,
  now: Date,
): FrozenPicks {
  const frozenRows = active.filter((row) => {
    const tipoff = tipoffs.get(row.game_id);
    if (!tipoff) return false;
    const tipoffMs = Date.parse(tipoff);
    return tipoffMs <= now.getTime() && Date.parse(row.created_at) < tipoffMs;
  });
  const frozenSlots = new Set(frozenRows.map(slotOf));
  const writable = fresh.filter((row) => !frozenSlots.has(slotOf(row)));
  return { writable, inForce: [...frozenRows, ...writable], frozen: frozenRows.length, withheld: fresh.length - writable.length };
}
