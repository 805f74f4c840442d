import fs from 'node:fs';
import { createObjectStore } from '@lib/storage';
import { parsePipelineArguments } from '../tools/pipeline/pipeline-arguments';
import { runPipeline } from '../tools/pipeline/pipeline.runner';
import { isolatedConfig } from './support/test-config';

describe('npm run pipeline on an empty warehouse ends in picks', () => {
  it('loads the season\'s earlier dates first (backfill, one at a time), predicts the date, and reads its picks; the cluster logs to a file', async () => {
    const config = await isolatedConfig({ LOG_LEVEL: 'info' });
    const progress: string[] = [];
    const result = await runPipeline(parsePipelineArguments(['--date', '2025-10-28']), config, { pollIntervalMs: 50, progress: (line) => progress.push(line) });

    // The bundled season opens on 2025-10-21: seven game dates before 2025-10-28, from NBA.com's season schedule
    // (the first date with picks: before it, too few earlier lined predictions to calibrate a probability).
    expect(result.history).toMatchObject({ from: '2025-10-21', to: '2025-10-27', dates: 7 });
    expect(result.history!.report.rows.filter((row) => row.service === 'phase3-analytics').map((row) => row.outcome)).toEqual(Array(7).fill('success'));
    expect(progress.some((line) => line.startsWith('the warehouse holds no game of the season before 2025-10-28: loading its 7 earlier game dates'))).toBe(true);
    // One progress line per date and phase.
    for (const gameDate of ['2025-10-21', '2025-10-27']) {
      expect(progress.filter((line) => line.startsWith(`[history] ${gameDate} `))).toHaveLength(5);
    }
    expect(progress.filter((line) => line.startsWith('2025-10-28 '))).toHaveLength(5);

    expect(result.report).toMatchObject({ complete: true, failed: false });
    expect(result.report.rows.find((row) => row.service === 'phase5-predictions')?.outcome).toBe('success');
    const document = JSON.parse((await createObjectStore({ kind: 'local', root: config.objectStoreRoot }).read('picks/2025-10-28.json')).toString('utf8')) as { picks: Array<{ player_lookup: string }> };
    expect(result.picks.length).toBeGreaterThan(0);
    expect(result.picks).toHaveLength(document.picks.length);
    // A call is made where the calibrated probability of its side beats the break-even of its best price.
    const breakEven = (price: number) => (price < 0 ? -price / (100 - price) : 100 / (price + 100));
    expect(result.picks.every((pick) => pick.price !== null && pick.confidence / 100 > breakEven(pick.price) && Number.isFinite(pick.line) && pick.player.length > 0)).toBe(true);

    // The services logged to the file named, not to the terminal.
    expect(result.clusterLogFile).toMatch(/\/logs\/cluster-.*\.log$/);
    const logLines = fs.readFileSync(result.clusterLogFile!, 'utf8').trim().split('\n');
    expect(logLines.length).toBeGreaterThan(10);
    expect(logLines.every((line) => typeof (JSON.parse(line) as { severity?: string }).severity === 'string')).toBe(true);
  }, 300_000);
});
