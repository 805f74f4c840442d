import os from 'node:os';
import path from 'node:path';
import { LocalCluster } from '../cluster/local-cluster';
import { isolatedConfig } from '../../test/support/test-config';
import { replaySettingsFromEnvironment } from './replay-settings';

const SEASON = path.join(__dirname, '../../data/season_2025_26');

describe('REPLAY_* settings', () => {
  it('reads fault rules, a pinned clock and the quota, and names the setting that is wrong', () => {
    const settings = replaySettingsFromEnvironment(
      { REPLAY_FAULTS: '[{"kind":"truncate","source":"balldontlie","rate":0.2,"seed":7}]', REPLAY_NOW: '2025-11-06T12:00:00Z', REPLAY_ODDS_API_QUOTA: '50' },
      SEASON,
    );
    expect(settings.faults).toEqual([expect.objectContaining({ id: 'truncate-1', kind: 'truncate', rate: 0.2 })]);
    expect(settings.now?.().toISOString()).toBe('2025-11-06T12:00:00.000Z');
    expect(settings.oddsApiQuota).toBe(50);
    expect(() => replaySettingsFromEnvironment({ REPLAY_FAULTS: '[{"kind":"flood","source":"espn"}]' }, SEASON)).toThrow(/REPLAY_FAULTS: rule 1: kind must be one of/);
    expect(() => replaySettingsFromEnvironment({ REPLAY_DATA_DIR: path.join(os.tmpdir(), 'no-such-season') }, SEASON)).toThrow(/REPLAY_DATA_DIR .*does not exist/);
  });

  it('are honoured by the local cluster’s own replay, so `npm start` and `npm run pipeline` reproduce a fault run', async () => {
    const cluster = await LocalCluster.start({
      config: await isolatedConfig({ LOCAL_SCHEDULER: 'off' }),
      withOpsServer: false,
      services: [],
      replayEnvironment: { REPLAY_FAULTS: '{"kind":"error","source":"espn","status":502,"firstN":1}' },
    });
    try {
      expect(cluster.replay!.faults().map((status) => status.rule)).toEqual([expect.objectContaining({ kind: 'error', source: 'espn', status: 502 })]);
      const first = await fetch(`${cluster.replay!.url}/espn/apis/site/v2/sports/basketball/nba/scoreboard?dates=20251105`);
      expect(first.status).toBe(502);
    } finally {
      await cluster.stop();
    }
  });
});
