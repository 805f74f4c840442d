import { isCalendarDate } from '@lib/messaging';

export class ModelArgumentError extends Error {}

/**
 * Parses `--flag YYYY-MM-DD` pairs for the model commands; every problem names the flag.
 * `required` flags must be present, `optional` ones may be.
 */
export function parseDateFlags<R extends string, O extends string>(
  argv: readonly string[],
  required: readonly R[],
  optional: readonly O[] = [],
): Record<R, string> & Partial<Record<O, string>> {
  const allowed = new Set<string>([...required, ...optional]);
  const values: Record<string, string> = {};
  for (let index = 0; index < argv.length; index += 2) {
    const flag = argv[index];
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !allowed.has(name)) throw new ModelArgumentError(`unknown argument ${flag}`);
    const value = argv[index + 1];
    if (value === undefined || value.startsWith('--')) throw new ModelArgumentError(`${flag} needs a YYYY-MM-DD value`);
    if (!isCalendarDate(value)) throw new ModelArgumentError(`${flag} ${value} is not a real YYYY-MM-DD date`);
    values[name] = value;
  }
  for (const name of required) if (!(name in values)) throw new ModelArgumentError(`--${name} YYYY-MM-DD is required`);
  if (values.from && values.to && values.to < values.from) throw new ModelArgumentError(`--to ${values.to} is before --from ${values.from}`);
  return values as Record<R, string> & Partial<Record<O, string>>;
}
