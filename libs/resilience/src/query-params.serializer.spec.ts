import { serializeQueryParams } from './query-params.serializer';

describe('serializeQueryParams', () => {
  it('repeats list values with brackets, as balldontlie expects for dates[] and player_ids[]', () => {
    expect(serializeQueryParams({ dates: ['2025-11-05', '2025-11-06'], 'player_ids[]': [237, 115] })).toBe(
      'dates[]=2025-11-05&dates[]=2025-11-06&player_ids[]=237&player_ids[]=115',
    );
  });

  it('encodes values and leaves out absent ones', () => {
    expect(serializeQueryParams({ Season: '2025-26', q: 'a b&c', cursor: undefined, team: null, active: true, per_page: 100 })).toBe(
      'Season=2025-26&q=a%20b%26c&active=true&per_page=100',
    );
  });

  it('sends nothing for an empty list', () => {
    expect(serializeQueryParams({ dates: [] })).toBe('');
  });
});
