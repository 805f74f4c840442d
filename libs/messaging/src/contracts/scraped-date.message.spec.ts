import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { TOPICS } from '../topology/topology';
import { contractFor, isDateScoped, MESSAGE_CONTRACTS, PhaseTriggerMessage, RawDateCompletionMessage, ScrapedDateMessage } from './index';

const base = { schema_version: 1, game_date: '2025-11-05', backfill_mode: true, run_id: 'run-1', status: 'success', records: 3, degraded: false };
const scrapedDate = { ...base, phase: 1, service: 'phase1-scrapers', scope: 'date', payloads: [{ scraper: 'bdl_games', path: 'raw/balldontlie/games/2025-11-05/a.json' }] };
const dateLoaded = {
  ...base,
  phase: 2,
  service: 'phase2-raw',
  scope: 'date',
  loads: [{ run_id: 'load-1', processor: 'bdl_games', table: 'nba_raw.bdl_games', source: 'balldontlie', source_path: 'raw/balldontlie/games/2025-11-05/a.json', status: 'success', records: 3 }],
};

function problems(topic: (typeof TOPICS)[keyof typeof TOPICS], payload: Record<string, unknown>): string[] {
  const message = plainToInstance(contractFor(topic, payload), payload) as PhaseTriggerMessage;
  return validateSync(message).map((error) => error.property);
}

describe('date-level messages', () => {
  it('are validated against their own contract on the per-scraper and per-load topics when they say scope: date', () => {
    expect(contractFor(TOPICS.phase1Complete, scrapedDate)).toBe(ScrapedDateMessage);
    expect(contractFor(TOPICS.phase2Complete, dateLoaded)).toBe(RawDateCompletionMessage);
    expect(problems(TOPICS.phase1Complete, scrapedDate)).toEqual([]);
    expect(problems(TOPICS.phase2Complete, dateLoaded)).toEqual([]);
    expect(isDateScoped(plainToInstance(ScrapedDateMessage, scrapedDate))).toBe(true);
  });

  it('refuse a payload path outside the store, a load without its processor, and a missing list', () => {
    expect(problems(TOPICS.phase1Complete, { ...scrapedDate, payloads: [{ scraper: 'bdl_games', path: '../etc/passwd' }] })).toEqual(['payloads']);
    expect(problems(TOPICS.phase2Complete, { ...dateLoaded, loads: [{ ...dateLoaded.loads[0], processor: '' }] })).toEqual(['loads']);
    expect(problems(TOPICS.phase1Complete, { ...scrapedDate, payloads: undefined })).toEqual(['payloads']);
  });

  it('leave every other message, and other topics, on the contract the topic always had', () => {
    expect(contractFor(TOPICS.phase1Complete, { ...scrapedDate, scope: 'week' })).toBe(MESSAGE_CONTRACTS[TOPICS.phase1Complete]);
    expect(contractFor(TOPICS.phase3Complete, { ...dateLoaded })).toBe(MESSAGE_CONTRACTS[TOPICS.phase3Complete]);
    // Without scope a date message is a per-scraper one missing its scraper fields: dead-lettered, never half-read.
    expect(problems(TOPICS.phase1Complete, { ...scrapedDate, scope: undefined })).toEqual(expect.arrayContaining(['scraper', 'source', 'endpoint']));
  });
});
