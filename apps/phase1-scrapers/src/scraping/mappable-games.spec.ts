import { listMappable, mappableGame } from './mappable-games';

describe('phase 1 lists the games of NBA teams and names the others it will not expect downstream', () => {
  it('lists a game of two NBA teams under its matchup key, any spelling', () => {
    expect(mappableGame('2025-02-20', 'UTAH', 'NO', 'espn', { upstreamGameId: '401' })).toEqual({ listed: { matchupKey: '2025-02-20|NOP@UTA', upstreamGameId: '401' } });
  });

  it('names a knockout not decided yet, a foreign club and an All-Star team, and lists the rest', () => {
    const reading = listMappable([
      mappableGame('2023-12-04', '', '', 'nbacom', { upstreamGameId: '0022301201' }),
      mappableGame('2024-10-04', 'UTA', 'NZB', 'nbacom', { upstreamGameId: '0012400002' }),
      mappableGame('2025-02-16', 'CHK', 'KEN', 'nbacom', { upstreamGameId: '0032400011' }),
      mappableGame('2024-10-04', 'DEN', 'BOS', 'nbacom', { upstreamGameId: '0012400001' }),
    ]);
    expect(reading.games).toEqual([{ matchupKey: '2024-10-04|BOS@DEN', upstreamGameId: '0012400001' }]);
    expect(reading.detail).toBe('not expected: 0022301201 (teams not decided yet), 0012400002 (not NBA teams: NZB at UTA), 0032400011 (not NBA teams: KEN at CHK)');
  });

  it('says nothing when every game is listed', () => {
    expect(listMappable([mappableGame('2024-10-04', 'DEN', 'BOS', 'nbacom', { upstreamGameId: '1' })]).detail).toBeUndefined();
  });
});
