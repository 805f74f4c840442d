import { collectCursorPages } from '@lib/resilience';
import { listMappable, mappableGame } from '../../scraping/mappable-games';
import { ScrapeHttp, ScrapeResult } from '../../scraping/scraper';

type GameListing = ReturnType<typeof listMappable>;

/** The parts of balldontlie's /v1/games object (nested teams, as the real response sends them) the scrapers read. */
export interface BdlGame {
  id: number;
  date: string;
  datetime?: string | null;
  status: string;
  home_team: { abbreviation: string };
  visitor_team: { abbreviation: string };
}

/**
 * The game inside a real /v1/stats line: flat, with team ids and no team objects (unlike /v1/games
 * and unlike the OpenAPI schema, which reuses NBAGame). Fields other than `id` may be absent.
 */
export interface BdlStatGame {
  id: number;
  date?: string | null;
  datetime?: string | null;
  status?: string | null;
  home_team_id: number;
  visitor_team_id: number;
}

/** One /v1/stats line as far as the scraper reads it: the player's team comes whole. */
export interface BdlStat {
  id: number;
  team: { id: number; abbreviation: string };
  game: BdlStatGame;
}

export interface BdlPage<T> {
  data: T[];
  meta?: { next_cursor?: number | string | null; per_page?: number };
}

export function listBdlGames(games: BdlGame[], gameDate: string): GameListing {
  return listMappable(
    games.map((game) =>
      mappableGame((game.date ?? gameDate).slice(0, 10), game.home_team?.abbreviation, game.visitor_team?.abbreviation, 'balldontlie', {
        upstreamGameId: String(game.id),
        tipoffUtc: game.datetime ?? undefined,
        isFinal: game.status === 'Final',
      }),
    ),
  );
}

/**
 * balldontlie's team ids 1-30 (its /v1/teams: alphabetical by full name, stable since 2018; the
 * recorded responses agree: ATL 1, BOS 2, PHI 23, MIA 16, LAL 14). Used only for a team none of
 * the lines names; a line's own team object wins.
 */
const BDL_TEAM_CODES_BY_ID: readonly string[] = [
  'ATL', 'BOS', 'BKN', 'CHA', 'CHI', 'CLE', 'DAL', 'DEN', 'DET', 'GSW', 'HOU', 'IND', 'LAC', 'LAL', 'MEM',
  'MIA', 'MIL', 'MIN', 'NOP', 'NYK', 'OKC', 'ORL', 'PHI', 'PHX', 'POR', 'SAC', 'SAS', 'TOR', 'UTA', 'WAS',
];

/**
 * The games of a page of /v1/stats lines. A flat game names its teams by balldontlie team id; each
 * line names its player's team whole, so the date's lines name both teams of every game they cover.
 */
export function listBdlStatGames(stats: BdlStat[], gameDate: string): GameListing {
  const teamCodes = new Map<number, string>(BDL_TEAM_CODES_BY_ID.map((code, index) => [index + 1, code]));
  for (const stat of stats) teamCodes.set(stat.team.id, stat.team.abbreviation);
  const games = new Map(stats.map((stat) => [stat.game.id, stat.game]));
  return listMappable(
    [...games.values()].map((game) =>
      mappableGame((game.date ?? gameDate).slice(0, 10), teamCodes.get(game.home_team_id), teamCodes.get(game.visitor_team_id), 'balldontlie', {
        upstreamGameId: String(game.id),
        tipoffUtc: game.datetime ?? undefined,
        isFinal: game.status === 'Final',
      }),
    ),
  );
}

export const BDL_PAGE_SIZE = 100;

/**
 * Fetches every cursor page of a balldontlie list for a date. A failure part-way keeps the pages
 * already fetched: the result is 'partial', names the cursor to resume from, and says where it stopped;
 * only a failure before the first page is an error.
 */
export async function scrapeBdlPages<T>(
  http: ScrapeHttp,
  path: string,
  gameDate: string,
  gamesOf: (items: T[]) => GameListing,
): Promise<ScrapeResult> {
  const pages = await collectCursorPages<T>(async (cursor) => {
    const { data } = await http.get<BdlPage<T>>(path, {
      params: { 'dates[]': [gameDate], per_page: BDL_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
    });
    return { items: data.data, nextCursor: data.meta?.next_cursor == null ? null : String(data.meta.next_cursor) };
  });
  if (!pages.complete && pages.items.length === 0) throw pages.error ?? new Error(`no page of ${path} could be fetched`);
  const listing = gamesOf(pages.items);
  const said = [
    ...(pages.complete ? [] : [`stopped after ${pages.pagesFetched} pages: ${pages.error?.message}`]),
    ...(listing.detail ? [listing.detail] : []),
  ];
  return {
    status: !pages.complete ? 'partial' : pages.items.length > 0 ? 'success' : 'no_data',
    records: pages.items.length,
    games: listing.games,
    missing: pages.complete ? [] : [`cursor:${pages.resumeCursor ?? 'start'}`],
    resumeCursor: pages.resumeCursor,
    detail: said.length > 0 ? said.join('; ') : undefined,
    payload: { data: pages.items, meta: { pages_fetched: pages.pagesFetched, complete: pages.complete, resume_cursor: pages.resumeCursor ?? null } },
  };
}
