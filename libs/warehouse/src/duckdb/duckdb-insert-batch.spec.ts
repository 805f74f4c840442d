import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messageClaimsTable, processedMessagesTable } from '../tables';
import { InsertIfAbsentResult, Row } from '../warehouse.interface';
import { DuckDBWarehouse } from './duckdb.warehouse';

/** Claims as concurrent deliveries take them: new ids, racing duplicates of one id, and ids already claimed. */
function claimsOf(count: number): Row[] {
  return Array.from({ length: count }, (_, index) => {
    // Every fourth claim races the one before it for the same id; ids 0 to 3 were claimed before.
    const id = index % 4 === 3 ? index - 1 : index;
    return {
      subscription: `sub-${id % 3}`,
      message_id: `m-${id}`,
      claim_id: `claim-${index}`,
      service: 'phase2-raw',
      claimed_at: new Date(Date.UTC(2026, 0, 5, 12, 0, index)).toISOString(),
    };
  });
}

const claimedBefore: Row[] = [0, 1, 2, 3].map((index) => ({
  subscription: `sub-${index % 3}`,
  message_id: `m-${index}`,
  claim_id: `earlier-${index}`,
  service: 'phase3-analytics',
  claimed_at: '2026-01-05T11:00:00.000Z',
}));

describe('DuckDB insertIfAbsent calls queued together', () => {
  let root: string;
  let batched: DuckDBWarehouse;
  let oneByOne: DuckDBWarehouse;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'duckdb-insert-batch-'));
    batched = new DuckDBWarehouse({ path: join(root, 'batched.duckdb') });
    oneByOne = new DuckDBWarehouse({ path: join(root, 'one-by-one.duckdb') });
    for (const warehouse of [batched, oneByOne]) {
      await warehouse.migrate([messageClaimsTable, processedMessagesTable]);
      for (const row of claimedBefore) await warehouse.insertIfAbsent(messageClaimsTable, row);
    }
  });

  afterEach(async () => {
    await Promise.all([batched.close(), oneByOne.close()]);
    await rm(root, { recursive: true, force: true });
  });

  const tableOf = (warehouse: DuckDBWarehouse) =>
    warehouse.query(`SELECT subscription, message_id, claim_id, service, claimed_at FROM nba_orchestration.message_claims ORDER BY subscription, message_id`);

  it('tells each caller what one call after the other would, and leaves the same table', async () => {
    const claims = claimsOf(21);
    const merged = jest.spyOn(batched as unknown as { insertAbsentRows: (...args: unknown[]) => Promise<Set<string>> }, 'insertAbsentRows');

    const together = await Promise.all(claims.map((claim) => batched.insertIfAbsent(messageClaimsTable, claim)));
    const inTurn: InsertIfAbsentResult[] = [];
    for (const claim of claims) inTurn.push(await oneByOne.insertIfAbsent(messageClaimsTable, claim));

    expect(together).toEqual(inTurn);
    expect(together.filter((result) => result.inserted)).toHaveLength(13);
    expect(await tableOf(batched)).toEqual(await tableOf(oneByOne));
    // The calls did go in together, several rows per MERGE.
    expect(Math.max(...merged.mock.calls.map(([, , rows]) => (rows as unknown[]).length))).toBeGreaterThan(1);
  });

  it('when a later MERGE of a batch fails, the rows an earlier one inserted still say inserted, and the rest run alone', async () => {
    const claims = claimsOf(41);
    type InsertAbsentRows = (...args: unknown[]) => Promise<Set<string>>;
    const target = batched as unknown as { insertAbsentRows: InsertAbsentRows };
    const original = target.insertAbsentRows.bind(batched);
    let multiRowMerges = 0;
    let failed = false;
    jest.spyOn(target, 'insertAbsentRows').mockImplementation(async (...args: unknown[]) => {
      if ((args[2] as unknown[]).length > 1 && (multiRowMerges += 1) === 2) {
        failed = true;
        throw new Error('the second MERGE of the batch failed');
      }
      return original(...args);
    });

    const together = await Promise.all(claims.map((claim) => batched.insertIfAbsent(messageClaimsTable, claim)));
    const inTurn: InsertIfAbsentResult[] = [];
    for (const claim of claims) inTurn.push(await oneByOne.insertIfAbsent(messageClaimsTable, claim));

    expect(failed).toBe(true);
    expect(together).toEqual(inTurn);
    expect(await tableOf(batched)).toEqual(await tableOf(oneByOne));
  });

  it('keeps tables apart: a claim and a processed id of the same key both go in', async () => {
    const key = { subscription: 'sub-9', message_id: 'm-9' };
    const [claimed, processed] = await Promise.all([
      batched.insertIfAbsent(messageClaimsTable, { ...key, claim_id: 'c', service: 's', claimed_at: '2026-01-05T12:00:00.000Z' }),
      batched.insertIfAbsent(processedMessagesTable, { ...key, service: 's', processed_at: '2026-01-05T12:00:01.000Z' }),
    ]);
    expect([claimed, processed]).toEqual([{ inserted: true }, { inserted: true }]);
  });
});
