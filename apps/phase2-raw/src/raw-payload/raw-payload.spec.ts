import { UnprocessableMessageError } from '@lib/platform';
import { readRawPayload } from './raw-payload';

const envelope = (overrides: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({
      scraper: 'bdl_games', source: 'balldontlie', endpoint: 'games', game_date: '2025-11-05', game_id: null, fallback_for: null,
      run_id: 'run-1', fetched_at: '2025-11-06T10:00:00Z', status: 'success', records: 0, missing: ['0022500171'], data: { data: [] },
      ...overrides,
    }),
  );

describe('readRawPayload', () => {
  it('reads the envelope phase 1 stores around the upstream response', () => {
    expect(readRawPayload(envelope(), 'p.json')).toMatchObject({ scraper: 'bdl_games', gameDate: '2025-11-05', runId: 'run-1', missing: ['0022500171'] });
  });

  it('refuses bytes that are not JSON as unprocessable, naming the path', () => {
    expect(() => readRawPayload(Buffer.from('{"scraper": "bdl_ga'), 'raw/x.json')).toThrow(UnprocessableMessageError);
    expect(() => readRawPayload(Buffer.from('{"scraper": "bdl_ga'), 'raw/x.json')).toThrow(/payload raw\/x.json is not JSON \(19 bytes\)/);
  });

  it('refuses a success without data, and accepts a no_data run that kept nothing', () => {
    expect(() => readRawPayload(envelope({ data: null }), 'p.json')).toThrow('payload p.json says success but has no data');
    expect(readRawPayload(envelope({ data: null, status: 'no_data' }), 'p.json').data.value).toBeNull();
  });

  it('names a missing envelope field', () => {
    expect(() => readRawPayload(envelope({ run_id: undefined }), 'p.json')).toThrow('payload.run_id must be a string, got nothing');
  });
});
