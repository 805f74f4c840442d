import { UnprocessableMessageError } from '@lib/platform';

/** A payload field is missing or has the wrong type: the path says exactly where. */
export class PayloadShapeError extends UnprocessableMessageError {
  constructor(readonly path: string, expected: string, got: unknown) {
    super(`${path} must be ${expected}, got ${describe(got)}`);
    this.name = 'PayloadShapeError';
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value).slice(0, 40)}`;
}

/**
 * Reads a parsed upstream payload field by field, each read naming its path, so a shape change
 * upstream fails the whole payload with "data.data[3].player.first_name must be a string" instead
 * of loading rows with holes. Optional reads accept null and absence; nothing else is coerced
 * except numbers that upstreams send as numeric strings.
 */
export class PayloadShape {
  constructor(readonly value: unknown, readonly path: string) {}

  field(name: string): PayloadShape {
    return new PayloadShape(this.object()[name], `${this.path}.${name}`);
  }

  has(name: string): boolean {
    const value = this.object()[name];
    return value !== undefined && value !== null;
  }

  object(): Record<string, unknown> {
    if (typeof this.value !== 'object' || this.value === null || Array.isArray(this.value)) {
      throw new PayloadShapeError(this.path, 'an object', this.value);
    }
    return this.value as Record<string, unknown>;
  }

  items(): PayloadShape[] {
    if (!Array.isArray(this.value)) throw new PayloadShapeError(this.path, 'an array', this.value);
    return this.value.map((item, index) => new PayloadShape(item, `${this.path}[${index}]`));
  }

  string(): string {
    if (typeof this.value !== 'string') throw new PayloadShapeError(this.path, 'a string', this.value);
    return this.value;
  }

  nonEmptyString(): string {
    const value = this.string();
    if (value.trim() === '') throw new PayloadShapeError(this.path, 'a non-empty string', value);
    return value;
  }

  optionalString(): string | null {
    return this.isAbsent() ? null : this.string();
  }

  number(): number {
    const value = typeof this.value === 'string' && this.value.trim() !== '' ? Number(this.value) : this.value;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new PayloadShapeError(this.path, 'a number', this.value);
    return value;
  }

  optionalNumber(): number | null {
    return this.isAbsent() || this.value === '' ? null : this.number();
  }

  integer(): number {
    const value = this.number();
    if (!Number.isInteger(value)) throw new PayloadShapeError(this.path, 'an integer', this.value);
    return value;
  }

  optionalInteger(): number | null {
    return this.isAbsent() || this.value === '' ? null : this.integer();
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') throw new PayloadShapeError(this.path, 'a boolean', this.value);
    return this.value;
  }

  optionalBoolean(): boolean | null {
    return this.isAbsent() ? null : this.boolean();
  }

  /** Wraps a conversion that may throw its own error (a team code, a minutes string) with this path. */
  convert<T>(conversion: (value: unknown) => T, expected: string): T {
    try {
      return conversion(this.value);
    } catch (error) {
      throw new PayloadShapeError(this.path, `${expected} (${(error as Error).message})`, this.value);
    }
  }

  private isAbsent(): boolean {
    return this.value === undefined || this.value === null;
  }
}

/**
 * Minutes in any upstream's notation as decimal minutes: '34:30' and 'PT34M30.00S' are 34.5,
 * '24' is 24; '' and null are null (the source did not say).
 */
export function decimalMinutes(value: unknown): number | null {
  if (value === null || value === undefined || value === '' || value === '--') return null;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') throw new RangeError(`unreadable minutes ${JSON.stringify(value)}`);
  const text = value.trim();
  const iso = /^PT(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (iso && (iso[1] !== undefined || iso[2] !== undefined)) return round2(Number(iso[1] ?? 0) + Number(iso[2] ?? 0) / 60);
  const clock = /^(\d+):(\d{1,2}(?:\.\d+)?)$/.exec(text);
  if (clock) return round2(Number(clock[1]) + Number(clock[2]) / 60);
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  throw new RangeError(`unreadable minutes ${JSON.stringify(value)}`);
}

const round2 = (value: number) => Math.round(value * 100) / 100;
