import { worstTier } from './quality-tier';

describe('worstTier', () => {
  it('is the weakest tier given', () => {
    expect(worstTier('gold', 'silver')).toBe('silver');
    expect(worstTier('silver', 'bronze', 'gold')).toBe('bronze');
    expect(worstTier('gold')).toBe('gold');
  });

  it('refuses an empty list rather than inventing a tier', () => {
    expect(() => worstTier()).toThrow('at least one tier');
  });
});
