import { ReplayServer } from './replay.server';
import { getJson, readSample, startReplay } from './replay.test-support';

/**
 * The replay speaks the real shapes: for every JSON endpoint it serves, the set of key paths and the
 * JSON types at each path of its responses are compared with the real responses of the corpus
 * (data/samples, attributed in data/samples/README.md), all of them at once.
 *
 * - A path the corpus has and the replay does not serve fails, unless the replay serves the parent
 *   as null or an empty list (data it does not bundle).
 * - A path the replay serves that no real response has fails, unless it is listed below with why.
 * - A non-null JSON type the replay serves at a path where the corpus has only other non-null types
 *   fails. Null is accepted anywhere: the real APIs send null for what they do not know, and so does the replay.
 */
type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
type Shape = Map<string, Set<JsonType>>;

const typeOf = (value: unknown): JsonType =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : (typeof value as 'string' | 'number' | 'boolean');

/** Every key path with the JSON types seen there; the elements of an array are merged under `path[]`. */
export function shapeOf(values: unknown[]): Shape {
  const shape: Shape = new Map();
  const add = (at: string, value: unknown) => {
    if (!shape.has(at)) shape.set(at, new Set());
    shape.get(at)!.add(typeOf(value));
  };
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      for (const item of node) {
        add(`${at}[]`, item);
        walk(item, `${at}[]`);
      }
    } else if (node && typeof node === 'object') {
      for (const [key, child] of Object.entries(node)) {
        const next = at ? `${at}.${key}` : key;
        add(next, child);
        walk(child, next);
      }
    }
  };
  for (const value of values) walk(value, '');
  return shape;
}

export interface ShapeDifference {
  missing: string[];
  extra: string[];
  types: string[];
}

export function compareShapes(real: Shape, served: Shape, allowedExtra: readonly string[] = []): ShapeDifference {
  // Paths under a value the replay serves only as null or only as an empty list are not expected.
  const empty = [...served].filter(([, types]) => [...types].every((type) => type === 'null')).map(([at]) => at);
  const emptyLists = [...served.keys()].filter((at) => !served.has(`${at}[]`) && served.get(at)!.has('array') && served.get(at)!.size === 1);
  const notBundled = [...empty, ...emptyLists];
  const under = (at: string) => notBundled.some((prefix) => at.startsWith(`${prefix}.`) || at.startsWith(`${prefix}[]`));
  const allowed = (at: string) => allowedExtra.some((prefix) => at === prefix || at.startsWith(`${prefix}.`) || at.startsWith(`${prefix}[]`));
  const missing = [...real.keys()].filter((at) => !served.has(at) && !under(at)).sort();
  const extra = [...served.keys()].filter((at) => !real.has(at) && !allowed(at)).sort();
  const types = [...served]
    .filter(([at]) => real.has(at))
    .flatMap(([at, servedTypes]) => {
      const realTypes = new Set([...real.get(at)!].filter((type) => type !== 'null'));
      if (realTypes.size === 0) return [];
      const foreign = [...servedTypes].filter((type) => type !== 'null' && !realTypes.has(type));
      return foreign.length > 0 ? [`${at}: served ${foreign.join('|')}, real ${[...realTypes].join('|')}`] : [];
    })
    .sort();
  return { missing, extra, types };
}

const KEY = { headers: { Authorization: 'replay-key' } };
const NO_DIFFERENCE: ShapeDifference = { missing: [], extra: [], types: [] };

describe('the replay answers in the real shapes of the corpus', () => {
  let server: ReplayServer;
  let url: ReplayServer['sourceUrls'];

  beforeAll(async () => {
    server = await startReplay();
    url = server.sourceUrls;
  });
  afterAll(() => server.close());

  const served = async (...requests: Array<[string, RequestInit?]>) => {
    const bodies: unknown[] = [];
    for (const [address, init] of requests) {
      const { status, body } = await getJson(address, init);
      expect({ address, status }).toEqual({ address, status: 200 });
      bodies.push(body);
    }
    return shapeOf(bodies);
  };
  const real = (...files: string[]) => shapeOf(files.map((file) => readSample(file)));

  it('balldontlie /v1/stats: the flat game with team ids, the player with team_id', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/stats?dates[]=2025-11-05&per_page=100`, KEY]);
    const corpus = real('balldontlie/v1_stats_2025-06-22_IND_at_OKC_finals_game7.json', 'balldontlie/v1_stats_2018-10-16_PHI_at_BOS.json');
    expect(
      compareShapes(corpus, replay, [
        // the 2018 response's page-numbered meta; the current API pages by cursor (the 2025 response)
        // and sends next_cursor on every page but the last.
        'meta.next_cursor',
        // plus_minus is in balldontlie's NBAStats schema (openapi_nba.yml) though neither recording has it.
        'data[].plus_minus',
      ]),
    ).toEqual({ ...NO_DIFFERENCE, missing: ['meta.current_page', 'meta.next_page', 'meta.total_count', 'meta.total_pages'] });
  });

  it('balldontlie /v1/games', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/games?dates[]=2025-11-05&per_page=5`, KEY]);
    const single = readSample('balldontlie/v1_game_18448007_ATL_at_MIA_2026-04-12.json');
    const corpus = shapeOf([readSample('balldontlie/v1_games_2025-02-20.json'), { data: [single] }]);
    expect(compareShapes(corpus, replay, ['meta.next_cursor', 'data[].period_detail'])).toEqual(NO_DIFFERENCE);
  });

  it('balldontlie /v1/box_scores', async () => {
    const replay = await served([`${url.balldontlie}/nba/v1/box_scores?date=2025-11-05`, KEY]);
    const corpus = real('balldontlie/v1_box_scores_2024-01-15.json', 'balldontlie/v1_box_scores_2026-01-09.json', 'balldontlie/v1_box_scores_empty.json');
    expect(compareShapes(corpus, replay)).toEqual(NO_DIFFERENCE);
  });
});
