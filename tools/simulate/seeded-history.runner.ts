import { Clock, PlatformConfig, PlatformLogger } from '@lib/platform';
import { LocalCluster } from '../cluster/local-cluster';

export interface SeededHistoryCounts {
  dates: number;
  featureVectors: number;
  predictions: number;
  /** Systems with at least one active prediction on the last earlier date. */
  systemsOnLastDate: number;
}

/**
 * Phases 4 and 5 of the earlier dates, run by the services themselves over the seeded analytics
 * (backfill mode, the clock held at the simulated day's start, after every earlier game): the feature
 * vectors the trained systems fit on and the predictions their calibrations and the market blend fit
 * on, as a season run through every phase would have left them. A cluster of its own, without the
 * scheduler, so nothing of the simulated day starts before it.
 */
export async function runSeededHistory(config: PlatformConfig, dates: readonly string[], at: Date, logger?: PlatformLogger): Promise<SeededHistoryCounts> {
  if (dates.length === 0) return { dates: 0, featureVectors: 0, predictions: 0, systemsOnLastDate: 0 };
  const clock: Clock = { now: () => new Date(at) };
  const cluster = await LocalCluster.start({ config, clock, withScheduler: false, withOpsServer: false, logger });
  try {
    const phase4 = cluster.serviceUrl('phase4-precompute');
    for (const gameDate of dates) {
      const response = await fetch(`${phase4}/process_date`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ game_date: gameDate, backfill_mode: true }),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`seeded history: phase 4 for ${gameDate} answered ${response.status}: ${body.slice(0, 500)}`);
    }
    // Each phase 4 run published its completion; phase 5 runs from the relay's deliveries.
    await cluster.relay?.whenIdle();
    const warehouse = cluster.infrastructure.warehouse;
    const range = { from: dates[0], to: dates[dates.length - 1] };
    const [vectors] = await warehouse.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM nba_precompute.ml_feature_store WHERE game_date BETWEEN @from AND @to',
      range,
    );
    const [predictions] = await warehouse.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM nba_predictions.player_prop_predictions WHERE game_date BETWEEN @from AND @to AND is_active',
      range,
    );
    const [systems] = await warehouse.query<{ n: number }>(
      'SELECT COUNT(DISTINCT system_id) AS n FROM nba_predictions.player_prop_predictions WHERE game_date = @to AND is_active',
      range,
    );
    return { dates: dates.length, featureVectors: Number(vectors.n), predictions: Number(predictions.n), systemsOnLastDate: Number(systems.n) };
  } finally {
    await cluster.stop();
  }
}
