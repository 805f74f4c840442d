/**
 * The one player identity across sources: `playerLookup(name)`. Sources disagree on accents
 * (Jokić/Jokic), suffixes (Jr./Jr/none, II/III), initials (C.J./CJ), hyphens and apostrophes, and a
 * few use a different first name altogether; all of them map to the same lookup here.
 */

const GENERATIONAL_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'v']);

/**
 * Different first names for the same player, seen in real data (props vs box scores), written as
 * lookup → canonical lookup. Add a pair here when reconciliation reports an unmatched player.
 */
export const PLAYER_LOOKUP_ALIASES: Readonly<Record<string, string>> = {
  nicolasclaxton: 'nicclaxton',
  ronholland: 'ronaldholland',
  herbjones: 'herbertjones',
  carltoncarrington: 'bubcarrington',
  vincentwilliams: 'vincewilliams',
};

/** Lower-case ASCII letters and digits only, generational suffix dropped: 'Jaren Jackson Jr.' → 'jarenjackson'. */
export function normalizedPlayerName(name: string): string {
  const ascii = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const words = ascii
    .replace(/[-_]/g, ' ')
    .replace(/[^a-z0-9 ]/g, '')
    .split(/\s+/)
    .filter((word) => word.length > 0);
  while (words.length > 2 && GENERATIONAL_SUFFIXES.has(words[words.length - 1])) words.pop();
  return words.join('');
}

export class InvalidPlayerNameError extends Error {
  constructor(readonly raw: unknown, readonly source?: string) {
    super(`player name ${JSON.stringify(raw)}${source ? ` from ${source}` : ''} has no letters to build a player_lookup from`);
    this.name = 'InvalidPlayerNameError';
  }
}

/** The player_lookup every table joins on. Accepts 'First Last' or NBA.com's 'Last, First'. */
export function playerLookup(name: string, source?: string): string {
  if (typeof name !== 'string') throw new InvalidPlayerNameError(name, source);
  const commaForm = /^([^,]+),\s*(.+)$/.exec(name.trim());
  const firstLast = commaForm ? `${commaForm[2]} ${commaForm[1]}` : name;
  const lookup = normalizedPlayerName(firstLast);
  if (!/[a-z]/.test(lookup)) throw new InvalidPlayerNameError(name, source);
  return PLAYER_LOOKUP_ALIASES[lookup] ?? lookup;
}
