import { ReplayServer } from './replay.server';
import { extraKeys, getJson, missingKeys, readSample, readSeasonCsv, startReplay } from './replay.test-support';

interface Competitor {
  homeAway: 'home' | 'away';
  score?: string;
  winner?: boolean;
  team: { id: string; abbreviation: string };
}
interface ScoreboardEvent {
  id: string;
  date: string;
  status: { type: { completed: boolean; state: string } };
  competitions: Array<{ competitors: Competitor[] }>;
}
interface Scoreboard {
  day: { date: string };
  events: ScoreboardEvent[];
}
interface Athlete {
  athlete: { id: string; displayName: string };
  stats: string[];
}
interface Summary {
  boxscore: { teams: unknown[]; players?: Array<{ team: { abbreviation: string }; statistics: Array<{ keys: string[]; athletes: Athlete[] }> }> };
  header: { id: string; competitions: Array<{ competitors: Competitor[]; status: { type: { completed: boolean } } }> };
}

const SITE = '/apis/site/v2/sports/basketball/nba';

describe('ESPN replay', () => {
  let server: ReplayServer;
  let base: string;
  const games = readSeasonCsv('games.csv');
  const playerBox = readSeasonCsv('player_box.csv');

  beforeAll(async () => {
    server = await startReplay();
    base = server.sourceUrls.espn;
  });
  afterAll(() => server.close());

  const scoreboard = async (date: string) => (await getJson<Scoreboard>(`${base}${SITE}/scoreboard?dates=${date}`)).body;
  const teamOf = (event: ScoreboardEvent, side: 'home' | 'away') => event.competitions[0].competitors.find((competitor) => competitor.homeAway === side)!;

  it('lists the 11 games of 2025-11-05 with their real scores, final', async () => {
    const body = await scoreboard('20251105');
    expect(body.day.date).toBe('2025-11-05');
    expect(body.events).toHaveLength(11);
    const real = games.find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    const event = body.events.find((candidate) => teamOf(candidate, 'home').team.abbreviation === 'CLE')!;
    expect(event.status.type).toMatchObject({ completed: true, state: 'post' });
    expect(teamOf(event, 'home').score).toBe(real.home_pts);
    expect(teamOf(event, 'away')).toMatchObject({ score: real.away_pts, winner: false, team: { abbreviation: real.away_team } });
  });

  it('uses ESPN’s own team abbreviations and ids (NY, GS, SA, NO, UTAH, WSH)', async () => {
    const body = await scoreboard('20251105');
    const abbreviations = new Set(body.events.flatMap((event) => event.competitions[0].competitors.map((competitor) => competitor.team.abbreviation)));
    const nbaCodes = new Set(games.filter((row) => row.game_date === '2025-11-05').flatMap((row) => [row.home_team, row.away_team]));
    if (nbaCodes.has('NYK')) expect(abbreviations).toContain('NY');
    expect(abbreviations).not.toContain('NYK');
    const all = new Set<string>();
    for (const date of ['20251105', '20251106', '20251107', '20251108', '20251109', '20251110', '20251111', '20251112']) {
      for (const event of (await scoreboard(date)).events) for (const competitor of event.competitions[0].competitors) all.add(`${competitor.team.abbreviation}:${competitor.team.id}`);
    }
    expect([...all]).toEqual(expect.arrayContaining(['NY:18', 'GS:9', 'SA:24', 'NO:3', 'UTAH:26', 'WSH:27']));
    expect([...all].some((entry) => /^(NYK|GSW|SAS|NOP|UTA|WAS):/.test(entry))).toBe(false);
  });

  it('serves scoreboard events with the keys of ESPN’s 2022 pregame sample, plus the keys of later real scoreboards (final games add winner and linescores)', async () => {
    const sample = readSample('espn/scoreboard_2022-12-25_pregame.json');
    // In the 2024 scoreboard (data/samples/espn/scoreboard_2024-01-15_MLK_day.json); tools/replay/replay-shapes.spec.ts compares with every real scoreboard.
    const later = ['events[].competitions[].highlights', 'events[].competitions[].playByPlayAvailable', 'leagues[].season.displayName'];
    const scheduled = await scoreboard('20251128');
    expect(missingKeys(sample, scheduled)).toEqual([]);
    expect(extraKeys(sample, scheduled)).toEqual(later);
    const final = await scoreboard('20251105');
    expect(missingKeys(sample, final)).toEqual([]);
    expect(extraKeys(sample, final)).toEqual(['events[].competitions[].competitors[].linescores', 'events[].competitions[].competitors[].winner', ...later].sort());
  });

  it('fills the game summary’s box score from player_box in ESPN’s column order', async () => {
    const real = games.find((row) => row.game_date === '2025-11-05' && row.home_team === 'CLE')!;
    const event = (await scoreboard('20251105')).events.find((candidate) => teamOf(candidate, 'home').team.abbreviation === 'CLE')!;
    const { status, body } = await getJson<Summary>(`${base}${SITE}/summary?event=${event.id}`);
    expect(status).toBe(200);
    expect(body.header.id).toBe(event.id);
    const line = playerBox.find((row) => row.game_id === real.game_id && row.player_name === 'Donovan Mitchell')!;
    const home = body.boxscore.players!.find((team) => team.team.abbreviation === 'CLE')!.statistics[0];
    const mitchell = home.athletes.find((athlete) => athlete.athlete.displayName === 'Donovan Mitchell')!;
    const column = (key: string) => mitchell.stats[home.keys.indexOf(key)];
    expect(column('points')).toBe(line.pts);
    expect(column('rebounds')).toBe(line.reb);
    expect(column('assists')).toBe(line.ast);
    expect(column('fieldGoalsMade-fieldGoalsAttempted')).toBe(`${line.fgm}-${line.fga}`);
    expect(home.athletes).toHaveLength(playerBox.filter((row) => row.game_id === real.game_id && row.team === 'CLE').length);
  });

  it('serves the summary’s header and box score with the keys of ESPN’s summary sample', async () => {
    const sample = readSample<Record<string, unknown>>('espn/summary_401468642_DAL_at_HOU_2022-12-23.json');
    const event = (await scoreboard('20251105')).events[0];
    const { body } = await getJson<Record<string, unknown>>(`${base}${SITE}/summary?event=${event.id}`);
    for (const part of ['header', 'boxscore', 'format']) {
      expect({ part, missing: missingKeys(sample[part], body[part]) }).toEqual({ part, missing: [] });
      expect({ part, extra: extraKeys(sample[part], body[part]) }).toEqual({ part, extra: [] });
    }
    expect(Object.keys(body).every((key) => key in sample)).toBe(true);
  });

  it('answers a withheld game’s summary as a scheduled game: no players in the box score', async () => {
    const event = (await scoreboard('20251128')).events[0];
    expect(event.status.type).toMatchObject({ completed: false, state: 'pre' });
    const { body } = await getJson<Summary>(`${base}${SITE}/summary?event=${event.id}`);
    expect(body.boxscore.players).toBeUndefined();
    expect(body.header.competitions[0].status.type.completed).toBe(false);
    expect(body.header.competitions[0].competitors.every((competitor) => competitor.score === undefined)).toBe(true);
  });

  it('answers 404 for an event id it does not know', async () => {
    expect((await fetch(`${base}${SITE}/summary?event=401468642`)).status).toBe(404);
  });
});
