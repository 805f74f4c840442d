import { isNbaTeam, matchupKey } from '@lib/identity';
import { ListedGame } from './scraper';

/** A game a scraper lists for downstream phases, or the reason it does not (its teams are not NBA teams). */
export type MappableGame = { listed: ListedGame } | { notExpected: string };

/**
 * A game between two NBA teams is listed under its matchup key; one whose team is empty (a knockout
 * not decided yet) or not an NBA team (an international club, an All-Star team) is not expected
 * downstream, and says why. The payload keeps it either way.
 */
export function mappableGame(
  gameDate: string,
  home: string | undefined | null,
  away: string | undefined | null,
  source: string,
  listed: Omit<ListedGame, 'matchupKey'>,
): MappableGame {
  if (!home || !away) return { notExpected: `${listed.upstreamGameId} (teams not decided yet)` };
  if (!isNbaTeam(home) || !isNbaTeam(away)) return { notExpected: `${listed.upstreamGameId} (not NBA teams: ${away} at ${home})` };
  return { listed: { matchupKey: matchupKey(gameDate, home, away, source), ...listed } };
}

/** The listed games, and the run's detail naming the games not expected (undefined when none). */
export function listMappable(games: readonly MappableGame[]): { games: ListedGame[]; detail: string | undefined } {
  const notExpected = games.flatMap((game) => ('notExpected' in game ? [game.notExpected] : []));
  return {
    games: games.flatMap((game) => ('listed' in game ? [game.listed] : [])),
    detail: notExpected.length > 0 ? `not expected: ${notExpected.join(', ')}` : undefined,
  };
}
