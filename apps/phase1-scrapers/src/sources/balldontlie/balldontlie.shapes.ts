import { matchupKey } from '@lib/identity';
import { ListedGame } from '../../scraping/scraper';

/** The parts of balldontlie's NBAGame (openapi_nba.yml) the scrapers read. */
export interface BdlGame {
  id: number;
  date: string;
  datetime?: string | null;
  status: string;
  home_team: { abbreviation: string };
  visitor_team: { abbreviation: string };
}

export interface BdlPage<T> {
  data: T[];
  meta?: { next_cursor?: number | string | null; per_page?: number };
}

export function listBdlGame(game: BdlGame): ListedGame {
  return {
    matchupKey: matchupKey(game.date.slice(0, 10), game.home_team.abbreviation, game.visitor_team.abbreviation, 'balldontlie'),
    upstreamGameId: String(game.id),
    tipoffUtc: game.datetime ?? undefined,
    isFinal: game.status === 'Final',
  };
}

export const BDL_PAGE_SIZE = 100;
