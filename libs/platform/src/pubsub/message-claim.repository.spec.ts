import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBWarehouse, messageClaimsTable } from '@lib/warehouse';
import { MessageClaimRepository } from './message-claim.repository';

describe('MessageClaimRepository on DuckDB', () => {
  let root: string;
  let warehouse: DuckDBWarehouse;
  let claims: MessageClaimRepository;
  const now = new Date('2026-01-05T12:00:00.000Z');
  const claim = (messageId: string) => claims.claim({ subscription: 'nba-phase2-raw-sub', messageId, service: 'phase2-raw', now, staleBefore: new Date(now.getTime() - 60_000) });
  const held = async () =>
    (await warehouse.query<{ message_id: string }>(`SELECT message_id FROM nba_orchestration.message_claims ORDER BY message_id`)).map((row) => row.message_id);

  beforeEach(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'message-claims-'));
    warehouse = new DuckDBWarehouse({ path: path.join(root, 'warehouse.duckdb') });
    await warehouse.migrate([messageClaimsTable]);
    claims = new MessageClaimRepository(warehouse);
  });

  afterEach(async () => {
    await warehouse.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('releases racing deliveries each by their own claim, together, and leaves every other claim held', async () => {
    const taken = await Promise.all(['m1', 'm2', 'm3', 'm4', 'm5'].map(async (messageId) => ({ messageId, attempt: await claim(messageId) })));
    const claimIds = new Map(taken.map(({ messageId, attempt }) => [messageId, attempt.claimed ? attempt.claimId : '']));
    expect([...claimIds.values()].every((claimId) => claimId !== '')).toBe(true);
    const queries = jest.spyOn(warehouse, 'query');

    await Promise.all([
      claims.release('nba-phase2-raw-sub', 'm1', claimIds.get('m1')!),
      claims.release('nba-phase2-raw-sub', 'm2', claimIds.get('m2')!),
      // A claim id that is not the one held (another delivery took the claim over): m3 stays held.
      claims.release('nba-phase2-raw-sub', 'm3', claimIds.get('m1')!),
      claims.release('nba-phase2-raw-sub', 'm4', claimIds.get('m4')!),
      // The right claim id under another subscription's name releases nothing either.
      claims.release('nba-phase3-analytics-sub', 'm5', claimIds.get('m5')!),
    ]);

    expect(await held()).toEqual(['m3', 'm5']);
    // The first release went alone; the four asked for while it was on its way went in one DELETE.
    expect(queries.mock.calls.filter(([sql]) => sql.trimStart().startsWith('DELETE'))).toHaveLength(2);
    expect((await claim('m1')).claimed).toBe(true);
  });

  it('a failed DELETE reaches every release that waited for it, and the next release still runs', async () => {
    const first = await claim('m1');
    if (!first.claimed) throw new Error('m1 was not claimed');
    jest.spyOn(warehouse, 'query').mockRejectedValueOnce(new Error('writer gone'));
    await expect(claims.release('nba-phase2-raw-sub', 'm1', first.claimId)).rejects.toThrow('writer gone');
    await claims.release('nba-phase2-raw-sub', 'm1', first.claimId);
    expect(await held()).toEqual([]);
  });
});
