import { ListedGame } from '../scraping/scraper';

export interface ExpectedVersusGot {
  expected: number;
  present: ListedGame[];
  missing: ListedGame[];
  /** Share of the expected games the source had, 0..1; 1 when nothing was expected. */
  coverage: number;
}

/** Which scheduled games a source had, matched by matchup key (sources do not share game ids). */
export function compareWithSchedule(expected: readonly ListedGame[], got: readonly ListedGame[]): ExpectedVersusGot {
  const gotKeys = new Set(got.map((game) => game.matchupKey));
  const present = expected.filter((game) => gotKeys.has(game.matchupKey));
  const missing = expected.filter((game) => !gotKeys.has(game.matchupKey));
  return { expected: expected.length, present, missing, coverage: expected.length === 0 ? 1 : present.length / expected.length };
}
