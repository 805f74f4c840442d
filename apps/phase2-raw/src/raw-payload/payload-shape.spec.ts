import { decimalMinutes, PayloadShape, PayloadShapeError } from './payload-shape';

describe('PayloadShape', () => {
  const payload = new PayloadShape({ data: [{ player: { first_name: 'John', id: '12' } }, { player: { first_name: null } }] }, 'data');

  it('reads nested fields and names the exact path of a wrong one', () => {
    const [first, second] = payload.field('data').items();
    expect(first.field('player').field('first_name').string()).toBe('John');
    expect(first.field('player').field('id').integer()).toBe(12);
    expect(() => second.field('player').field('first_name').string()).toThrow(
      new PayloadShapeError('data.data[1].player.first_name', 'a string', null),
    );
    expect(() => second.field('player').field('first_name').string()).toThrow('data.data[1].player.first_name must be a string, got null');
  });

  it('accepts null and absence only where a field is optional', () => {
    const [, second] = payload.field('data').items();
    expect(second.field('player').field('first_name').optionalString()).toBeNull();
    expect(second.field('player').field('missing').optionalInteger()).toBeNull();
    expect(() => second.field('player').field('missing').integer()).toThrow('must be a number, got nothing');
  });

  it('refuses an object where an array belongs', () => {
    expect(() => payload.field('data').items()[0].field('player').items()).toThrow('data.data[0].player must be an array, got an object');
  });
});

describe('decimalMinutes', () => {
  it.each([
    ['34:30', 34.5],
    ['PT34M30.00S', 34.5],
    ['PT05M00.00S', 5],
    ['24', 24],
    ['0:45', 0.75],
    [30.18, 30.18],
  ])('reads %p as %p', (text, minutes) => {
    expect(decimalMinutes(text)).toBe(minutes);
  });

  it('treats a blank as unknown, not zero', () => {
    expect(decimalMinutes('')).toBeNull();
    expect(decimalMinutes(null)).toBeNull();
  });

  it('refuses what it cannot read', () => {
    expect(() => decimalMinutes('about half')).toThrow('unreadable minutes "about half"');
  });
});
