/**
 * The flags of a CLI tool: `--json` and each of `switches` (no value), and `--flag value` for each of
 * `valueFlags`. An unknown flag, a flag without its value, or one given twice is refused with `fail`,
 * naming the flag.
 */
export function readCommandLineFlags(
  argv: readonly string[],
  valueFlags: readonly string[],
  fail: (message: string) => Error,
  switches: readonly string[] = [],
): { values: Map<string, string>; json: boolean; switched: Set<string> } {
  const values = new Map<string, string>();
  const switched = new Set<string>();
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--json' || switches.includes(flag)) {
      if (switched.has(flag)) throw fail(`${flag} is given twice`);
      switched.add(flag);
      continue;
    }
    if (!valueFlags.includes(flag)) throw fail(`unknown argument ${flag}`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw fail(`${flag} needs a value`);
    if (values.has(flag)) throw fail(`${flag} is given twice`);
    values.set(flag, value);
    index += 1;
  }
  return { values, json: switched.has('--json'), switched };
}
