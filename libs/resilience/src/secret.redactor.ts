import { QueryParams } from './query-params.serializer';

export const REDACTED = '***';

/**
 * Keeps API keys and proxy credentials out of everything this lib hands back or logs. Redacts by
 * parameter name in URLs and, because upstream and network error texts can echo a value anywhere,
 * by value in any other text.
 */
export class SecretRedactor {
  private readonly secretNames: ReadonlySet<string>;
  private readonly alwaysSecretValues: readonly string[];

  constructor(secretQueryParams: readonly string[] = [], alwaysSecretValues: readonly string[] = []) {
    this.secretNames = new Set(secretQueryParams.map(normalizeName));
    this.alwaysSecretValues = alwaysSecretValues.filter((value) => value.length > 0);
  }

  isSecretParam(name: string): boolean {
    return this.secretNames.has(normalizeName(name));
  }

  /** The values of secret parameters, whether passed as params or already written into the path's query. */
  secretValuesOf(params: QueryParams | undefined, path: string): string[] {
    const values: string[] = [];
    for (const [name, value] of Object.entries(params ?? {})) {
      if (value === undefined || value === null || !this.isSecretParam(name)) continue;
      for (const item of Array.isArray(value) ? value : [value]) values.push(String(item));
    }
    const queryStart = path.indexOf('?');
    if (queryStart >= 0) {
      for (const [name, value] of new URLSearchParams(path.slice(queryStart + 1))) {
        if (this.isSecretParam(name)) values.push(value);
      }
    }
    return values.filter((value) => value.length > 0);
  }

  /** Replaces the values of secret query parameters and any user:password in the URL itself. */
  redactUrl(url: string): string {
    const withoutCredentials = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, `$1${REDACTED}@`);
    const queryStart = withoutCredentials.indexOf('?');
    if (queryStart < 0) return withoutCredentials;
    const hashStart = withoutCredentials.indexOf('#', queryStart);
    const queryEnd = hashStart < 0 ? withoutCredentials.length : hashStart;
    const query = withoutCredentials
      .slice(queryStart + 1, queryEnd)
      .split('&')
      .map((pair) => {
        const separator = pair.indexOf('=');
        if (separator < 0) return pair;
        return this.isSecretParam(safeDecode(pair.slice(0, separator))) ? `${pair.slice(0, separator)}=${REDACTED}` : pair;
      })
      .join('&');
    return `${withoutCredentials.slice(0, queryStart + 1)}${query}${withoutCredentials.slice(queryEnd)}`;
  }

  redactText(text: string, callSecretValues: readonly string[] = []): string {
    let redacted = text;
    for (const secret of [...this.alwaysSecretValues, ...callSecretValues]) {
      for (const spelling of new Set([secret, encodeURIComponent(secret)])) {
        redacted = redacted.split(spelling).join(REDACTED);
      }
    }
    return redacted;
  }
}

function normalizeName(name: string): string {
  return name.replace(/\[\]$/, '').toLowerCase();
}

function safeDecode(component: string): string {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is still a name we can compare as written.
    return component;
  }
}
