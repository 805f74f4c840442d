import { deadLetterTable, phaseExecutionLogTable, processedMessagesTable } from '../tables';
import { PartitionFilterMissingError } from '../warehouse.errors';
import { PartitionFilterGuard } from './partition-filter.guard';

describe('partition filter guard', () => {
  const guard = new PartitionFilterGuard([phaseExecutionLogTable, deadLetterTable, processedMessagesTable]);
  const refusal = (sql: string) => () => guard.check(sql);

  it('refuses reading a partitioned table without its partition column after WHERE or ON, naming both', () => {
    expect(refusal('SELECT * FROM nba_orchestration.phase_execution_log WHERE status = @s')).toThrow(PartitionFilterMissingError);
    expect(refusal('SELECT * FROM nba_orchestration.phase_execution_log')).toThrow(
      /nba_orchestration\.phase_execution_log .*partition column game_date/,
    );
  });

  it('does not count the partition column in the SELECT list as a filter', () => {
    expect(refusal('SELECT game_date FROM nba_orchestration.phase_execution_log WHERE status = @s')).toThrow(PartitionFilterMissingError);
  });

  it('allows a WHERE filter, a JOIN ON condition, qualified columns and project-prefixed or backticked names', () => {
    expect(refusal('SELECT * FROM nba_orchestration.phase_execution_log WHERE game_date = @d')).not.toThrow();
    expect(refusal('SELECT * FROM x JOIN nba_orchestration.phase_execution_log p ON p.game_date = x.d')).not.toThrow();
    expect(refusal('SELECT * FROM `proj.nba_orchestration.dead_letter` d WHERE d.dead_lettered_date >= @from')).not.toThrow();
    expect(refusal('SELECT * FROM `my-proj.nba_orchestration.dead_letter`')).toThrow(/dead_lettered_date/);
  });

  it('leaves unpartitioned tables and unknown tables alone', () => {
    expect(refusal('SELECT * FROM nba_orchestration.processed_messages')).not.toThrow();
    expect(refusal('SELECT * FROM nba_raw.anything')).not.toThrow();
  });

  it('ignores table names inside string literals and comments, and longer names that contain them', () => {
    expect(refusal(`SELECT 'nba_orchestration.phase_execution_log' AS name -- nba_orchestration.dead_letter`)).not.toThrow();
    expect(refusal('SELECT * FROM nba_orchestration.phase_execution_log_archive')).not.toThrow();
  });

  it('does not count a filter written inside a string literal', () => {
    expect(refusal(`SELECT * FROM nba_orchestration.phase_execution_log WHERE detail = 'game_date'`)).toThrow(PartitionFilterMissingError);
  });

  it('ignores a table that is only the target of an INSERT', () => {
    expect(refusal('INSERT INTO nba_orchestration.dead_letter (message_id) VALUES (@id)')).not.toThrow();
  });

  it('answers a text it has seen as it did the first time: a refused one is refused again, one let through (from memory) stays through', () => {
    const unfiltered = 'SELECT * FROM nba_orchestration.phase_execution_log WHERE status = @status';
    expect(refusal(unfiltered)).toThrow(PartitionFilterMissingError);
    expect(refusal(unfiltered)).toThrow(PartitionFilterMissingError);
    const filtered = 'SELECT * FROM nba_orchestration.phase_execution_log WHERE game_date = @gameDate';
    expect(refusal(filtered)).not.toThrow();
    expect(refusal(filtered)).not.toThrow();
  });

  it('learns tables registered later, as migrate() does', () => {
    const empty = new PartitionFilterGuard();
    expect(() => empty.check('SELECT * FROM nba_orchestration.dead_letter')).not.toThrow();
    empty.register([deadLetterTable]);
    expect(() => empty.check('SELECT * FROM nba_orchestration.dead_letter')).toThrow(PartitionFilterMissingError);
  });
});
