import { Logger } from '@nestjs/common';
import axios, { AxiosError, AxiosInstance, AxiosResponse } from 'axios';
import axiosRetry from 'axios-retry';
import { CallOutcome, CircuitBreaker, CircuitBreakerSnapshot, CircuitState } from './circuit.breaker';
import { ProviderPolicy, validateProviderPolicy } from './provider.policy';
import { axiosProxyConfig, describeProxy, proxyCredentials } from './proxy.config';
import { QueryParams, serializeQueryParams } from './query-params.serializer';
import { RateLimiterSnapshot, TokenBucketRateLimiter } from './rate.limiter';
import { ResilienceClock, resilienceClock } from './resilience.clock';
import { AttemptFailure, attemptFailureOf, UNPARSEABLE_BODY_CODE, UpstreamRetryPolicy } from './upstream-retry.policy';
import { SecretRedactor } from './secret.redactor';
import { UpstreamRequestError } from './upstream-request.error';

export interface UpstreamResponse<T> {
  data: T;
  status: number;
  /** Requests sent for this call, retries included. */
  attempts: number;
  /** The HTTP status of every attempt that got one, in order; timeouts and network failures have none. */
  statusesSeen: number[];
  /** From the call to its answer, waits for the rate limiter and for retries included. */
  durationMs: number;
  /** Secrets redacted. */
  url: string;
}

export interface UpstreamGetOptions {
  params?: QueryParams;
  headers?: Record<string, string>;
  /**
   * 'json' (the default) parses the body and fails with invalid_json if it does not parse; 'text' hands
   * it back as a string (CSV files, HTML pages); 'bytes' as a Buffer, untouched (PDF files).
   */
  responseType?: 'json' | 'text' | 'bytes';
  /** One attempt only, no retries: a request asked ahead of need, that the caller asks again (with retries) if it comes to need it. */
  singleAttempt?: boolean;
}

export interface ProviderHealth {
  provider: string;
  circuit: CircuitBreakerSnapshot;
  rateLimiter: RateLimiterSnapshot;
}

interface CallContext {
  /** Redacted. */
  url: string;
  secretValues: string[];
  attempts: number;
  statusesSeen: number[];
  startedAtMs: number;
}

const BODY_EXCERPT_CHARS = 200;

declare module 'axios' {
  interface AxiosRequestConfig {
    /** The body must parse as JSON before the attempt counts as answered (never sent upstream). */
    expectJsonBody?: boolean;
  }
}

/**
 * The HTTP client of one upstream provider: construct it once per provider and share it, since the
 * rate limit and the circuit belong to the provider, not to a scraper.
 *
 * A call goes: circuit breaker (refuses at once while open) → for each attempt: rate limiter token →
 * HTTP request → on a retryable failure, axios-retry calls back here to wait (Retry-After or backoff)
 * and re-enters the instance, so the retry takes a token too → when attempts are done, the body is
 * parsed as JSON, and the breaker counts the call's outcome once.
 */
export class ResilientHttpClient {
  readonly provider: string;
  private readonly logger = new Logger(ResilientHttpClient.name);
  private readonly clock: ResilienceClock;
  private readonly http: AxiosInstance;
  private readonly retryPolicy: UpstreamRetryPolicy;
  private readonly rateLimiter: TokenBucketRateLimiter;
  private readonly breaker: CircuitBreaker;
  private readonly redactor: SecretRedactor;
  /** Bodies already parsed while deciding whether the attempt needs a retry, so they are parsed once. */
  private readonly parsedBodies = new WeakMap<AxiosResponse<unknown>, unknown>();

  constructor(
    private readonly policy: ProviderPolicy,
    clock: Partial<ResilienceClock> = {},
  ) {
    validateProviderPolicy(policy);
    this.provider = policy.provider;
    this.clock = resilienceClock(clock);
    this.redactor = new SecretRedactor(policy.secretQueryParams, proxyCredentials(policy.proxyUrl));
    this.retryPolicy = new UpstreamRetryPolicy(policy, this.clock.random);
    this.rateLimiter = new TokenBucketRateLimiter(policy.rateLimit, this.clock);
    this.breaker = new CircuitBreaker({
      ...policy.circuitBreaker,
      now: this.clock.now,
      outcomeOf: (error) => this.breakerOutcomeOf(error),
      onStateChange: (from, to, circuit) => this.logCircuitChange(from, to, circuit),
    });
    this.http = axios.create({
      baseURL: policy.baseUrl,
      timeout: policy.timeoutMs,
      headers: { Accept: 'application/json', ...policy.headers },
      paramsSerializer: { serialize: (params) => serializeQueryParams(params as QueryParams) },
      proxy: axiosProxyConfig(policy.proxyUrl),
      // The body stays text until parse(): axios's own JSON parsing hands back a truncated body as a
      // string without complaint, and a scraper would then store half a payload.
      responseType: 'text',
      responseEncoding: 'utf8',
      transformResponse: [(body: unknown) => body],
      transitional: { clarifyTimeoutError: true },
    });
    // Registered before axios-retry so that a 200 whose body does not parse reaches its retry
    // condition as a failed attempt: a truncated body is the upstream being unwell, like a 5xx.
    this.http.interceptors.response.use((response) => this.parsedOrRejected(response));
    axiosRetry(this.http, {
      retries: policy.maxRetries,
      retryCondition: (error) => this.retryPolicy.shouldRetry(attemptFailureOf(error, this.clock.now())),
      // axios-retry would wait on a real timer of its own; the wait happens in onRetry instead, on the
      // injected clock, where Retry-After and the backoff are both decided by the one retry policy.
      retryDelay: () => 0,
      // timeoutMs is per attempt: a retry after a slow failure must not inherit a shortened deadline.
      shouldResetTimeout: true,
    });
    // On the instance, so every attempt passes here: axios-retry re-sends through the instance.
    this.http.interceptors.request.use(async (config) => {
      await this.rateLimiter.acquire();
      return config;
    });
    if (policy.proxyUrl) this.logger.log(`${this.provider}: requests go through proxy ${describeProxy(policy.proxyUrl)}`);
  }

  async get<T>(path: string, options: UpstreamGetOptions = {}): Promise<UpstreamResponse<T>> {
    const secretValues = this.redactor.secretValuesOf(options.params, path);
    const call: CallContext = {
      url: this.redactor.redactText(this.redactor.redactUrl(this.http.getUri({ url: path, params: options.params })), secretValues),
      secretValues,
      attempts: 0,
      statusesSeen: [],
      startedAtMs: this.clock.now(),
    };
    return this.breaker.run(
      () => this.send<T>(path, options, call),
      (circuit) => this.circuitOpenError(call, circuit),
    );
  }

  circuitState(): CircuitState {
    return this.breaker.state();
  }

  health(): ProviderHealth {
    return { provider: this.provider, circuit: this.breaker.snapshot(), rateLimiter: this.rateLimiter.snapshot() };
  }

  private async send<T>(path: string, options: UpstreamGetOptions, call: CallContext): Promise<UpstreamResponse<T>> {
    let response: AxiosResponse<unknown>;
    call.attempts = 1;
    try {
      response = await this.http.get<unknown>(path, {
        params: options.params,
        headers: options.headers,
        expectJsonBody: (options.responseType ?? 'json') === 'json',
        // A binary body decoded as UTF-8 text would come back with every invalid byte replaced.
        ...(options.responseType === 'bytes' ? { responseType: 'arraybuffer' as const } : {}),
        'axios-retry': { ...(options.singleAttempt ? { retries: 0 } : {}), onRetry: (retryNumber, error) => this.waitBeforeRetry(retryNumber, error, call) },
      });
    } catch (error) {
      throw this.failedCallError(error, call);
    }
    call.statusesSeen.push(response.status);
    return {
      data: this.bodyAs<T>(response, options.responseType ?? 'json', call),
      status: response.status,
      attempts: call.attempts,
      statusesSeen: [...call.statusesSeen],
      durationMs: this.clock.now() - call.startedAtMs,
      url: call.url,
    };
  }

  private async waitBeforeRetry(retryNumber: number, error: AxiosError, call: CallContext): Promise<void> {
    const failure = attemptFailureOf(error, this.clock.now());
    if (failure.status !== undefined) call.statusesSeen.push(failure.status);
    const delayMs = this.retryPolicy.delayBeforeRetryMs(retryNumber, failure);
    this.logger.warn(
      `${this.provider} GET ${call.url}: attempt ${call.attempts} of ${this.retryPolicy.maxRetries + 1} failed (${this.describeAttempt(failure, error, call)}); retrying in ${delayMs} ms`,
    );
    await this.clock.sleep(delayMs);
    call.attempts += 1;
  }

  private bodyAs<T>(response: AxiosResponse<unknown>, responseType: 'json' | 'text' | 'bytes', call: CallContext): T {
    switch (responseType) {
      case 'json':
        return this.parse<T>(response, call);
      case 'text':
        return this.bodyText(response, call) as T;
      case 'bytes':
        return (Buffer.isBuffer(response.data) ? response.data : Buffer.from(this.bodyText(response, call), 'utf8')) as T;
    }
  }

  private bodyText(response: AxiosResponse<unknown>, call: CallContext): string {
    if (typeof response.data === 'string') return response.data;
    if (Buffer.isBuffer(response.data)) return response.data.toString('utf8');
    throw this.invalidJsonError(call, response.status, `response body is a ${typeof response.data}, not text`);
  }

  /** The interceptor's side of parse(): a JSON request whose 2xx body does not parse fails the attempt. */
  private parsedOrRejected(response: AxiosResponse<unknown>): AxiosResponse<unknown> {
    if (!response.config.expectJsonBody || typeof response.data !== 'string') return response;
    try {
      this.parsedBodies.set(response, JSON.parse(response.data.replace(/^\uFEFF/, '')));
      return response;
    } catch (error) {
      throw new AxiosError(`response body is not valid JSON (${(error as Error).message})`, UNPARSEABLE_BODY_CODE, response.config, response.request, response);
    }
  }

  private parse<T>(response: AxiosResponse<unknown>, call: CallContext): T {
    if (this.parsedBodies.has(response)) return this.parsedBodies.get(response) as T;
    const body = this.bodyText(response, call);
    try {
      // A byte-order mark is legal before JSON on the wire but not to JSON.parse.
      return JSON.parse(body.replace(/^\uFEFF/, '')) as T;
    } catch (error) {
      throw this.invalidJsonError(
        call,
        response.status,
        `response body is not valid JSON (${(error as Error).message}); ${body.length} chars: ${this.excerpt(body, call)}`,
      );
    }
  }

  /** An axios failure becomes an UpstreamRequestError; anything else is not the upstream's doing and passes unchanged. */
  private failedCallError(error: unknown, call: CallContext): unknown {
    if (!axios.isAxiosError(error)) return error;
    const failure = attemptFailureOf(error, this.clock.now());
    if (failure.status !== undefined) call.statusesSeen.push(failure.status);
    return new UpstreamRequestError({
      provider: this.provider,
      url: call.url,
      kind: failure.kind === 'http' && failure.status === 429 ? 'rate_limited' : failure.kind === 'invalid_body' ? 'invalid_json' : failure.kind,
      status: failure.status,
      attempts: call.attempts,
      statusesSeen: call.statusesSeen,
      retryAfterSeconds: failure.retryAfterMs === undefined ? undefined : Math.ceil(failure.retryAfterMs / 1000),
      code: failure.code,
      reason: this.describeAttempt(failure, error, call),
    });
  }

  private invalidJsonError(call: CallContext, status: number, reason: string): UpstreamRequestError {
    return new UpstreamRequestError({
      provider: this.provider,
      url: call.url,
      kind: 'invalid_json',
      status,
      attempts: call.attempts,
      statusesSeen: call.statusesSeen,
      reason,
    });
  }

  private circuitOpenError(call: CallContext, circuit: CircuitBreakerSnapshot): UpstreamRequestError {
    const reason =
      circuit.retryAtMs !== undefined && circuit.retryAtMs > this.clock.now()
        ? `circuit open after ${circuit.consecutiveFailures} consecutive failed calls; next trial call in ${circuit.retryAtMs - this.clock.now()} ms`
        : 'circuit half-open and its one trial call is still in flight';
    return new UpstreamRequestError({ provider: this.provider, url: call.url, kind: 'circuit_open', attempts: 0, statusesSeen: [], reason });
  }

  private describeAttempt(failure: AttemptFailure, error: AxiosError, call: CallContext): string {
    // Through a proxy, a refusal may be the proxy's (it answers a failed CONNECT in the upstream's place).
    const via = this.policy.proxyUrl ? ` (through proxy ${describeProxy(this.policy.proxyUrl)})` : '';
    return `${this.describeFailure(failure, error, call)}${via}`;
  }

  private describeFailure(failure: AttemptFailure, error: AxiosError, call: CallContext): string {
    switch (failure.kind) {
      case 'http': {
        const data = error.response?.data;
        const body = Buffer.isBuffer(data) ? data.toString('utf8') : data;
        const excerpt = typeof body === 'string' && body.length > 0 ? `: ${this.excerpt(body, call)}` : '';
        const retryAfter = failure.retryAfterMs === undefined ? '' : ` with Retry-After ${Math.ceil(failure.retryAfterMs / 1000)} s`;
        return `HTTP ${failure.status}${retryAfter}${excerpt}`;
      }
      case 'timeout':
        return `no response within ${this.policy.timeoutMs} ms`;
      case 'invalid_body': {
        const body = typeof error.response?.data === 'string' ? error.response.data : '';
        return `HTTP ${failure.status} but ${error.message}; ${body.length} chars: ${this.excerpt(body, call)}`;
      }
      case 'network': {
        const cutOff = failure.bodyCutOff ? `body cut off after HTTP ${error.response?.status}: ` : '';
        return this.redactor.redactText(`${cutOff}${failure.code ?? 'network error'}: ${error.message}`, call.secretValues);
      }
    }
  }

  private excerpt(body: string, call: CallContext): string {
    const flat = body.replace(/\s+/g, ' ').trim();
    const cut = flat.length > BODY_EXCERPT_CHARS ? `${flat.slice(0, BODY_EXCERPT_CHARS)}…` : flat;
    return JSON.stringify(this.redactor.redactText(cut, call.secretValues));
  }

  private breakerOutcomeOf(error: unknown): CallOutcome {
    if (!(error instanceof UpstreamRequestError)) return 'unrelated';
    switch (error.kind) {
      case 'http':
        // A 4xx is the upstream answering about our request; only 5xx and 408 say it is unwell.
        return error.status !== undefined && (error.status >= 500 || error.status === 408) ? 'failure' : 'success';
      case 'circuit_open':
        return 'unrelated';
      default:
        return 'failure';
    }
  }

  private logCircuitChange(from: string, to: string, circuit: CircuitBreakerSnapshot): void {
    if (to === 'open') {
      this.logger.warn(
        `${this.provider}: circuit ${from} → open after ${circuit.consecutiveFailures} consecutive failed calls; calls fail fast for ${this.policy.circuitBreaker.coolDownMs} ms`,
      );
    } else {
      this.logger.log(`${this.provider}: circuit ${from} → ${to}`);
    }
  }
}
