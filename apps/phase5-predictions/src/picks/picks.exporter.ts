import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORE, ObjectStore, StoredObject } from '@lib/storage';
import { daysBetween } from '@lib/messaging';
import { PredictionRow } from '../predictions/prediction.builder';

export interface PicksDocument {
  game_date: string;
  generated_at: string;
  primary_system: string;
  model_version: string | null;
  training_end_date: string | null;
  freshness: { data_through_date: string | null; days_behind: number | null; stale: boolean };
  primary_unavailable_reason: string | null;
  counts: { predictions: number; with_line: number; picks: number; by_tier: Record<string, number> };
  picks: Array<{
    game_id: string;
    player_lookup: string;
    player_id: number | null;
    team: string;
    opponent: string;
    line: number;
    bookmaker: string | null;
    predicted_points: number;
    recommendation: string;
    edge: number | null;
    confidence: number;
    /** Calibrated probability of OVER, the market's no-vig one, and the best price the side is taken at. */
    probability_over: number | null;
    market_probability_over: number | null;
    price: number | null;
    quality_tier: string;
    quality_flags: string[];
  }>;
}

/** picks/<date>.json: what a website or app reads for tonight, from the primary system's active predictions. */
@Injectable()
export class PicksExporter {
  constructor(@Inject(OBJECT_STORE) private readonly objects: ObjectStore) {}

  static pathOf(gameDate: string): string {
    return `picks/${gameDate}.json`;
  }

  build(gameDate: string, primarySystem: string, rows: readonly PredictionRow[], generatedAt: string, unavailableReason: string | null, staleInputDays: number): PicksDocument {
    const primary = rows.filter((row) => row.system_id === primarySystem);
    // freshness is the feature vectors', which every system shares: known even when the primary system could not predict
    const dataThrough = rows.reduce<string | null>((latest, row) => (row.data_through_date && (!latest || row.data_through_date > latest) ? row.data_through_date : latest), null);
    const daysBehind = dataThrough ? daysBetween(dataThrough, gameDate) : null;
    const picks = primary
      .filter((row) => row.recommendation !== 'PASS' && row.line_value !== null)
      .sort((a, b) => b.confidence_score - a.confidence_score || a.player_lookup.localeCompare(b.player_lookup));
    return {
      game_date: gameDate,
      generated_at: generatedAt,
      primary_system: primarySystem,
      model_version: primary[0]?.model_version ?? null,
      training_end_date: primary[0]?.training_end_date ?? null,
      freshness: { data_through_date: dataThrough, days_behind: daysBehind, stale: daysBehind === null || daysBehind > staleInputDays },
      primary_unavailable_reason: unavailableReason,
      counts: {
        predictions: primary.length,
        with_line: primary.filter((row) => row.line_value !== null).length,
        picks: picks.length,
        by_tier: Object.fromEntries(['gold', 'silver', 'bronze'].map((tier) => [tier, primary.filter((row) => row.quality_tier === tier).length])),
      },
      picks: picks.map((row) => ({
        game_id: row.game_id,
        player_lookup: row.player_lookup,
        player_id: row.player_id,
        team: row.team_code,
        opponent: row.opponent_code,
        line: row.line_value!,
        bookmaker: row.bookmaker,
        predicted_points: row.predicted_points,
        recommendation: row.recommendation,
        edge: row.edge,
        confidence: row.confidence_score,
        probability_over: row.probability_over,
        market_probability_over: row.market_probability_over,
        price: row.bet_price,
        quality_tier: row.quality_tier,
        quality_flags: row.quality_flags,
      })),
    };
  }

  write(document: PicksDocument): Promise<StoredObject> {
    return this.objects.write(PicksExporter.pathOf(document.game_date), JSON.stringify(document, null, 2), 'application/json');
  }
}
