import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidPlayerNameError, playerLookup } from './player-lookup';

/** player_id → names, from a real bundled CSV with a header row (names have no commas there). */
function namesById(file: string): Map<string, Set<string>> {
  const [header, ...lines] = readFileSync(join(__dirname, '../../../data/season_2025_26', file), 'utf8').trim().split('\n');
  const columns = header.split(',');
  const idAt = columns.indexOf('player_id');
  const nameAt = columns.indexOf('player_name');
  const byId = new Map<string, Set<string>>();
  for (const line of lines) {
    const cells = line.split(',');
    if (!cells[idAt]) continue;
    byId.set(cells[idAt], (byId.get(cells[idAt]) ?? new Set()).add(cells[nameAt]));
  }
  return byId;
}

describe('playerLookup', () => {
  it.each([
    ['Nikola Jokić', 'nikolajokic'],
    ['Kristaps Porziņģis', 'kristapsporzingis'],
    ['Jaren Jackson Jr.', 'jarenjackson'],
    ['Jaren Jackson Jr', 'jarenjackson'],
    ['Jimmy Butler III', 'jimmybutler'],
    ['C.J. McCollum', 'cjmccollum'],
    ['CJ McCollum', 'cjmccollum'],
    ["De'Aaron Fox", 'deaaronfox'],
    ['Shai Gilgeous-Alexander', 'shaigilgeousalexander'],
    ['Gilgeous-Alexander, Shai', 'shaigilgeousalexander'],
    ['Nicolas Claxton', 'nicclaxton'],
    ['Herb Jones', 'herbertjones'],
  ])('maps %s to %s', (name, lookup) => {
    expect(playerLookup(name)).toBe(lookup);
  });

  it('keeps a two-word name whose last word looks like a suffix', () => {
    expect(playerLookup('Jr Smith')).toBe('jrsmith');
  });

  it('refuses a name with no letters, naming the source', () => {
    expect(() => playerLookup('  .. ', 'odds_api')).toThrow(InvalidPlayerNameError);
    expect(() => playerLookup('  .. ', 'odds_api')).toThrow('from odds_api');
  });

  it('gives every player one lookup across the real box scores and the real props, and no two players the same one', () => {
    const box = namesById('player_box.csv');
    const props = namesById('props_player_points.csv');
    const lookupsOf = (names: Set<string>) => new Set([...names].map((name) => playerLookup(name)));
    let shared = 0;
    for (const [playerId, propNames] of props) {
      const boxNames = box.get(playerId);
      if (!boxNames) continue;
      shared += 1;
      expect({ playerId, lookups: [...lookupsOf(new Set([...propNames, ...boxNames]))] }).toEqual({
        playerId,
        lookups: [...lookupsOf(boxNames)],
      });
    }
    expect(shared).toBeGreaterThan(300);
    const owners = new Map<string, string>();
    for (const [playerId, names] of box) {
      for (const lookup of lookupsOf(names)) {
        expect({ lookup, owner: owners.get(lookup) ?? playerId }).toEqual({ lookup, owner: playerId });
        owners.set(lookup, playerId);
      }
    }
  });
});
