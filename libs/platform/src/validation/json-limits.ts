/** Keys that would reach an object's prototype once the value is copied, merged or turned into a class. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON text a service refuses before anything acts on it: too deep, or naming a prototype key. */
export class JsonLimitError extends Error {
  /** Read by body-parser: a 400 whose message may be shown. */
  readonly status = 400;
  readonly expose = true;

  constructor(reason: string) {
    super(reason);
    this.name = 'JsonLimitError';
  }
}

/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`, decided on the text itself (in
 * one pass, strings skipped) so a 200,000-deep body is refused before any recursive code sees it.
 */
export function jsonNestingDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return deepest;
}

/** Throws JsonLimitError when the text nests deeper than allowed. */
export function assertJsonDepth(text: string, maxDepth: number, what = 'the JSON body'): void {
  if (jsonNestingDepth(text, maxDepth) > maxDepth) throw new JsonLimitError(`${what} nests arrays or objects deeper than ${maxDepth} levels (REQUEST_JSON_MAX_DEPTH)`);
}

/** A JSON.parse reviver refusing __proto__, constructor and prototype as keys anywhere. */
export function refusePrototypeKeys(this: unknown, key: string, value: unknown): unknown {
  if (PROTOTYPE_KEYS.has(key)) throw new JsonLimitError(`field "${key}" is not accepted anywhere in a body or message`);
  return value;
}

/** Parses JSON text within the limits: depth first (on the text), then the parse refusing prototype keys. */
export function parseJsonWithinLimits(text: string, maxDepth: number, what = 'the JSON body'): unknown {
  assertJsonDepth(text, maxDepth, what);
  return JSON.parse(text, refusePrototypeKeys);
}
