/**
 * The flags of a CLI tool: `--json`, and `--flag value` for each of `valueFlags`. An unknown flag, a
 * flag without its value, or one given twice is refused with `fail`, naming the flag.
 */
export function readCommandLineFlags(argv: readonly string[], valueFlags: readonly string[], fail: (message: string) => Error): { values: Map<string, string>; json: boolean } {
  const values = new Map<string, string>();
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const flag = argv[index];
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (!valueFlags.includes(flag)) throw fail(`unknown argument ${flag}`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw fail(`${flag} needs a value`);
    if (values.has(flag)) throw fail(`${flag} is given twice`);
    values.set(flag, value);
    index += 1;
  }
  return { values, json };
}
