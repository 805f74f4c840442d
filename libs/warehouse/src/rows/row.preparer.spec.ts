import { processedMessagesTable } from '../tables';
import { InvalidRowError } from '../warehouse.errors';
import { prepareRows } from './row.preparer';
import { toWireValue } from './wire-value.converter';

describe('row preparation', () => {
  const row = { subscription: 's', message_id: 'm1', service: 'svc', processed_at: '2024-01-15T10:00:00Z' };

  it('fills absent optional columns with null and normalizes timestamps to ISO UTC', () => {
    expect(prepareRows(processedMessagesTable, [row]).rows).toEqual([
      { ...row, topic: null, game_date: null, correlation_id: null, processed_at: '2024-01-15T10:00:00.000Z' },
    ]);
  });

  it('refuses a row with an undeclared column or a mistyped value, naming table, column and row', () => {
    expect(() => prepareRows(processedMessagesTable, [row, { ...row, colour: 'red' }])).toThrow(
      new InvalidRowError('nba_orchestration.processed_messages', 'colour', 1, 'is not declared by the table'),
    );
    expect(() => prepareRows(processedMessagesTable, [{ ...row, game_date: '2024-02-30' }])).toThrow(/column game_date expects DATE/);
  });

  it('converts values of every type to their wire form', () => {
    expect(toWireValue(9007199254740993n, 'INT64')).toBe('9007199254740993');
    expect(toWireValue('42', 'INT64')).toBe('42');
    expect(toWireValue(1.5, 'INT64')).toBeUndefined();
    expect(toWireValue(new Date('2024-01-15T23:59:00Z'), 'DATE')).toBe('2024-01-15');
    expect(toWireValue('not a time', 'TIMESTAMP')).toBeUndefined();
    expect(toWireValue(Infinity, 'FLOAT64')).toBeUndefined();
    expect(toWireValue('yes', 'BOOL')).toBeUndefined();
  });

  it('takes JSON as JSON text or as a value, and refuses text that is not JSON', () => {
    expect(toWireValue('{"a":1}', 'JSON')).toBe('{"a":1}');
    expect(toWireValue({ a: [1, 'x'] }, 'JSON')).toBe('{"a":[1,"x"]}');
    expect(toWireValue('"hello"', 'JSON')).toBe('"hello"');
    expect(toWireValue('hello', 'JSON')).toBeUndefined();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(toWireValue(circular, 'JSON')).toBeUndefined();
  });
});
