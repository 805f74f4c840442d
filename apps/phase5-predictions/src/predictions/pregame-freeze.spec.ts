import { PredictionRow } from './prediction.builder';
import { freezeStartedGames, MadePrediction } from './pregame-freeze';

// hand-made rows: only the fields the freeze reads matter
const prediction = (game_id: string, player_lookup: string, prediction_id: string): PredictionRow =>
  ({ game_id, player_lookup, system_id: 'market_v1', prediction_id, game_date: '2025-11-05' }) as PredictionRow;
const made = (row: PredictionRow, created_at: string): MadePrediction => ({ ...row, created_at });

describe('freezeStartedGames', () => {
  const tipoffs = new Map([
    ['early', '2025-11-06T00:00:00.000Z'],
    ['late', '2025-11-06T03:00:00.000Z'],
  ]);
  const now = new Date('2025-11-06T01:00:00Z');

  it('keeps a prediction made before its game tipped off, and lets a game not yet started take the new one', () => {
    const active = [made(prediction('early', 'a', 'old-a'), '2025-11-05T22:00:00Z'), made(prediction('late', 'b', 'old-b'), '2025-11-05T22:00:00Z')];
    const fresh = [prediction('early', 'a', 'new-a'), prediction('late', 'b', 'new-b')];
    const held = freezeStartedGames(fresh, active, tipoffs, now);
    expect(held.writable.map((row) => row.prediction_id)).toEqual(['new-b']);
    expect(held.inForce.map((row) => row.prediction_id).sort()).toEqual(['new-b', 'old-a']);
    expect([held.frozen, held.withheld]).toEqual([1, 1]);
  });

  it('freezes nothing made after tip-off, nor a game whose tip-off is unknown, and adds players who had no prediction', () => {
    const active = [made(prediction('early', 'a', 'old-a'), '2025-11-06T00:30:00Z'), made(prediction('unknown', 'c', 'old-c'), '2025-11-05T20:00:00Z')];
    const fresh = [prediction('early', 'a', 'new-a'), prediction('unknown', 'c', 'new-c'), prediction('early', 'd', 'new-d')];
    const held = freezeStartedGames(fresh, active, tipoffs, now);
    expect(held.writable.map((row) => row.prediction_id)).toEqual(['new-a', 'new-c', 'new-d']);
    expect([held.frozen, held.withheld]).toEqual([0, 0]);
  });
});
