import { ReplayServer } from './replay.server';
import { extraKeys, getJson, missingKeys, readSample, readSeasonCsv, startReplay } from './replay.test-support';

interface OddsEvent {
  id: string;
  commence_time: string;
  home_team: string;
  away_team: string;
}
interface Outcome {
  name: string;
  description: string;
  price: number;
  point: number;
}
interface EventOdds extends OddsEvent {
  bookmakers: Array<{ key: string; title: string; markets: Array<{ key: string; last_update: string; outcomes: Outcome[] }> }>;
}

const EVENTS = '/v4/sports/basketball_nba/events';
const ODDS_QUERY = 'apiKey=replay-test-key&regions=us&markets=player_points&oddsFormat=american';

describe('The Odds API replay', () => {
  let server: ReplayServer;
  let base: string;
  const props = readSeasonCsv('props_player_points.csv');

  beforeAll(async () => {
    server = await startReplay();
    base = server.sourceUrls['odds-api'];
  });
  afterAll(() => server.close());

  it('answers 401 without an apiKey, like the real API', async () => {
    const events = await getJson<{ error_code: string }>(`${base}${EVENTS}?commenceTimeFrom=2025-11-05T10:00:00Z`);
    expect(events.status).toBe(401);
    expect(events.body.error_code).toBe('MISSING_KEY');
    expect((await fetch(`${base}${EVENTS}/bbde7751a144b98ed150d7a5f7dc8f87/odds?regions=us&markets=player_points`)).status).toBe(401);
  });

  it('lists the events of a US date window with the real event ids of the props file', async () => {
    const { status, body } = await getJson<OddsEvent[]>(
      `${base}${EVENTS}?apiKey=replay-test-key&commenceTimeFrom=2025-11-05T10:00:00Z&commenceTimeTo=2025-11-06T09:59:59Z`,
    );
    expect(status).toBe(200);
    expect(body).toHaveLength(11);
    const realIds = new Set(props.filter((row) => row.game_date === '2025-11-05').map((row) => row.event_id));
    expect(new Set(body.map((event) => event.id))).toEqual(realIds);
    const cleveland = body.find((event) => event.home_team === 'Cleveland Cavaliers')!;
    const row = props.find((candidate) => candidate.event_id === cleveland.id)!;
    expect(cleveland).toMatchObject({ commence_time: row.commence_time, away_team: 'Philadelphia 76ers' });
  });

  it('serves events with the keys of the real events list', async () => {
    const sample = readSample<OddsEvent[]>('oddsapi/events_list_2025-10-21_to_2026-01-20.json');
    const { body } = await getJson<OddsEvent[]>(`${base}${EVENTS}?apiKey=k&commenceTimeFrom=2025-10-21T10:00:00Z&commenceTimeTo=2025-10-22T09:59:59Z`);
    expect(body.map((event) => event.id)).toContain(sample[0].id);
    expect(body.find((event) => event.id === sample[0].id)).toEqual(sample[0]);
    expect(extraKeys(sample, body)).toEqual([]);
  });

  it('serves an event’s player_points lines from the props file, every book, over and under', async () => {
    const eventId = props.find((row) => row.game_date === '2025-11-05')!.event_id;
    const rows = props.filter((row) => row.event_id === eventId);
    const { status, body } = await getJson<EventOdds>(`${base}${EVENTS}/${eventId}/odds?${ODDS_QUERY}`);
    expect(status).toBe(200);
    expect(new Set(body.bookmakers.map((book) => book.key))).toEqual(new Set(rows.map((row) => row.bookmaker)));
    const outcomes = body.bookmakers.flatMap((book) => book.markets.flatMap((market) => market.outcomes.map((outcome) => ({ ...outcome, book: book.key }))));
    expect(outcomes).toHaveLength(rows.reduce((sum, row) => sum + (row.over_odds ? 1 : 0) + (row.under_odds ? 1 : 0), 0));
    const line = rows[0];
    expect(outcomes).toEqual(
      expect.arrayContaining([
        { name: 'Over', description: line.player_name, price: Number(line.over_odds), point: Number(line.line), book: line.bookmaker },
        { name: 'Under', description: line.player_name, price: Number(line.under_odds), point: Number(line.line), book: line.bookmaker },
      ]),
    );
  });

  it('serves event odds with exactly the keys of the real event-odds sample', async () => {
    const sample = readSample('oddsapi/event_odds_player_points_BKN_at_TOR_2024-02-23.json');
    const { body } = await getJson<EventOdds>(`${base}${EVENTS}/bbde7751a144b98ed150d7a5f7dc8f87/odds?${ODDS_QUERY}`);
    expect(missingKeys(sample, body)).toEqual([]);
    expect(extraKeys(sample, body)).toEqual([]);
  });

  it('counts usage in x-requests-used / x-requests-remaining: one credit per event-odds call, none for the events list', async () => {
    const quota = await startReplay({ oddsApiQuota: 2 });
    try {
      const url = `${quota.sourceUrls['odds-api']}${EVENTS}/bbde7751a144b98ed150d7a5f7dc8f87/odds?${ODDS_QUERY}`;
      const list = await fetch(`${quota.sourceUrls['odds-api']}${EVENTS}?apiKey=k`);
      expect([list.headers.get('x-requests-used'), list.headers.get('x-requests-remaining'), list.headers.get('x-requests-last')]).toEqual(['0', '2', '0']);
      const first = await fetch(url);
      expect([first.headers.get('x-requests-used'), first.headers.get('x-requests-remaining'), first.headers.get('x-requests-last')]).toEqual(['1', '1', '1']);
      await fetch(url);
      const exhausted = await getJson<{ error_code: string }>(url);
      expect(exhausted.status).toBe(401);
      expect(exhausted.body.error_code).toBe('OUT_OF_USAGE_CREDITS');
      expect(exhausted.headers.get('x-requests-remaining')).toBe('0');
    } finally {
      await quota.close();
    }
  });

  it('has no lines for a withheld game and answers 404 for an unknown event id', async () => {
    const [event] = (await getJson<OddsEvent[]>(`${base}${EVENTS}?apiKey=k&commenceTimeFrom=2025-11-28T10:00:00Z&commenceTimeTo=2025-11-29T09:59:59Z`)).body;
    const odds = await getJson<EventOdds>(`${base}${EVENTS}/${event.id}/odds?${ODDS_QUERY}`);
    expect(odds.status).toBe(200);
    expect(odds.body.bookmakers).toEqual([]);
    const unknown = await getJson<{ error_code: string }>(`${base}${EVENTS}/0123456789abcdef0123456789abcdef/odds?${ODDS_QUERY}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('EVENT_NOT_FOUND');
  });
});
