import { EASTERN, zonedTimeToUtc, isoSeconds } from './game-time.derivation';
import { get, jsonResponse, ReplayRequest, ReplayResponse, SourceRoutes } from './replay.http';
import { PropLine, SeasonData, SeasonGame } from './season-data.loader';

/**
 * The Odds API v4 for basketball_nba: the events list and per-event player_points odds from
 * props_player_points.csv (its real event ids), with the quota headers the real API sends.
 */
const SPORT = { sport_key: 'basketball_nba', sport_title: 'NBA' };
const DETAILS_URL = 'https://the-odds-api.com/liveapi/guides/v4/api-error-codes.html';

/** Bookmaker titles as The Odds API writes them (the bundled event-odds samples; Fanatics per its bookmaker list). */
const BOOKMAKER_TITLES: Record<string, string> = {
  draftkings: 'DraftKings',
  fanduel: 'FanDuel',
  bovada: 'Bovada',
  williamhill_us: 'Caesars',
  betmgm: 'BetMGM',
  betonlineag: 'BetOnline.ag',
  betrivers: 'BetRivers',
  fanatics: 'Fanatics',
  mybookieag: 'MyBookie.ag',
  unibet_us: 'Unibet',
  pointsbetus: 'PointsBet (US)',
};

/** Usage accounting of one replay server: The Odds API charges markets x regions per event-odds call that returns odds. */
export class OddsApiQuota {
  private used = 0;

  constructor(private readonly total: number) {}

  headers(cost: number): Record<string, string> {
    return { 'x-requests-remaining': String(Math.max(0, this.total - this.used)), 'x-requests-used': String(this.used), 'x-requests-last': String(cost) };
  }

  canSpend(cost: number): boolean {
    return this.used + cost <= this.total;
  }

  spend(cost: number): void {
    this.used += cost;
  }
}

function oddsError(status: number, errorCode: string, message: string, headers?: Record<string, string>): ReplayResponse {
  return jsonResponse(status, { message, error_code: errorCode, details_url: `${DETAILS_URL}#${errorCode.toLowerCase().replaceAll('_', '-')}` }, headers);
}

function eventSummary(game: SeasonGame) {
  return { id: game.oddsEvent.id, ...SPORT, commence_time: game.oddsEvent.commenceTime, home_team: game.home.oddsApiName, away_team: game.away.oddsApiName };
}

/** '20251021_170000' is the snapshot's US Eastern wall-clock time. */
export function snapshotTime(snapshot: string): string {
  const date = `${snapshot.slice(0, 4)}-${snapshot.slice(4, 6)}-${snapshot.slice(6, 8)}`;
  const at = zonedTimeToUtc(date, `${snapshot.slice(9, 11)}:${snapshot.slice(11, 13)}`, EASTERN);
  return isoSeconds(new Date(at.getTime() + Number(snapshot.slice(13, 15)) * 1000));
}

/** American odds to The Odds API's decimal odds (two decimals). */
function decimalOdds(american: number): number {
  const decimal = american > 0 ? 1 + american / 100 : 1 + 100 / Math.abs(american);
  return Math.round(decimal * 100) / 100;
}

function bookmakers(lines: PropLine[], oddsFormat: string) {
  const byBook = new Map<string, PropLine[]>();
  for (const line of lines) {
    const list = byBook.get(line.bookmaker) ?? [];
    list.push(line);
    byBook.set(line.bookmaker, list);
  }
  const price = (american: number) => (oddsFormat === 'decimal' ? decimalOdds(american) : Math.round(american));
  return [...byBook.entries()].map(([key, bookLines]) => ({
    key,
    title: BOOKMAKER_TITLES[key] ?? key,
    markets: [
      {
        key: 'player_points',
        last_update: snapshotTime(bookLines[0].snapshot),
        outcomes: bookLines.flatMap((line) => [
          ...(line.overOdds === null ? [] : [{ name: 'Over', description: line.playerName, price: price(line.overOdds), point: line.line }]),
          ...(line.underOdds === null ? [] : [{ name: 'Under', description: line.playerName, price: price(line.underOdds), point: line.line }]),
        ]),
      },
    ],
  }));
}

function parseTime(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? 'invalid' : time;
}

function events(season: SeasonData, quota: OddsApiQuota, request: ReplayRequest): ReplayResponse {
  const from = parseTime(request.query.get('commenceTimeFrom'));
  const to = parseTime(request.query.get('commenceTimeTo'));
  if (from === 'invalid') return oddsError(422, 'INVALID_COMMENCE_TIME_FROM', 'Invalid commenceTimeFrom parameter. Use the format YYYY-MM-DDTHH:MM:SSZ');
  if (to === 'invalid') return oddsError(422, 'INVALID_COMMENCE_TIME_TO', 'Invalid commenceTimeTo parameter. Use the format YYYY-MM-DDTHH:MM:SSZ');
  const listed = season.games
    .filter((game) => {
      const commence = Date.parse(game.oddsEvent.commenceTime);
      return (from === null || commence >= from) && (to === null || commence <= to);
    })
    .filter((game) => request.visibility.isVisible(game.gameId))
    .sort((left, right) => Date.parse(left.oddsEvent.commenceTime) - Date.parse(right.oddsEvent.commenceTime) || left.gameId.localeCompare(right.gameId));
  // The events endpoint costs nothing against the quota.
  return jsonResponse(200, listed.map(eventSummary), quota.headers(0));
}

function eventOdds(season: SeasonData, quota: OddsApiQuota, request: ReplayRequest): ReplayResponse {
  const game = season.gamesByOddsEventId.get(request.params.eventId);
  if (!game || !request.visibility.isVisible(game.gameId)) {
    return oddsError(404, 'EVENT_NOT_FOUND', 'Event not found. The event may have expired or the event id is invalid.', quota.headers(0));
  }
  const regions = (request.query.get('regions') ?? '').split(',').filter(Boolean);
  const markets = (request.query.get('markets') ?? '').split(',').filter(Boolean);
  if (regions.length === 0 && !request.query.get('bookmakers')) return oddsError(422, 'MISSING_REGION', 'Missing regions parameter.', quota.headers(0));
  if (markets.length === 0) return oddsError(422, 'MISSING_MARKETS', 'Missing markets parameter.', quota.headers(0));
  const oddsFormat = request.query.get('oddsFormat') ?? 'decimal';
  if (oddsFormat !== 'american' && oddsFormat !== 'decimal') return oddsError(422, 'INVALID_ODDS_FORMAT', 'Invalid oddsFormat parameter.', quota.headers(0));
  const wantedBooks = (request.query.get('bookmakers') ?? '').split(',').filter(Boolean);
  // Every bundled line is from a US book and the player_points market.
  const lines = (season.propsByEventId.get(game.oddsEvent.id) ?? []).filter(
    (line) => markets.includes('player_points') && (wantedBooks.length > 0 ? wantedBooks.includes(line.bookmaker) : regions.includes('us')),
  );
  const books = bookmakers(lines, oddsFormat);
  const cost = books.length > 0 ? markets.length * Math.max(1, regions.length) : 0;
  if (!quota.canSpend(cost)) return oddsError(401, 'OUT_OF_USAGE_CREDITS', 'Usage quota has been reached.', quota.headers(0));
  quota.spend(cost);
  return jsonResponse(200, { ...eventSummary(game), bookmakers: books }, quota.headers(cost));
}

/** The Odds API rejects a request without a key before looking at anything else. */
function requireKey(handler: (request: ReplayRequest) => ReplayResponse) {
  return (request: ReplayRequest): ReplayResponse => {
    const key = request.query.get('apiKey');
    if (!key) return oddsError(401, 'MISSING_KEY', 'API key is missing. Pass the apiKey query parameter.');
    return handler(request);
  };
}

export function oddsApiRoutes(season: SeasonData, quota: OddsApiQuota): SourceRoutes {
  return {
    source: 'odds-api',
    routes: [
      get(/^\/v4\/sports\/basketball_nba\/events\/?$/, requireKey((request) => events(season, quota, request))),
      get(/^\/v4\/sports\/basketball_nba\/events\/(?<eventId>[^/]+)\/odds\/?$/, requireKey((request) => eventOdds(season, quota, request))),
    ],
    notFound: requireKey(() => oddsError(404, 'NOT_FOUND', 'Not found.')),
  };
}
