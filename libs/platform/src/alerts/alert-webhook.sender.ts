import { retryAfterMs } from '@lib/resilience';

export interface WebhookDelivery {
  delivered: boolean;
  attempts: number;
  /** Every failed attempt, in order, without the URL (it is a secret). */
  errors: string[];
}

export interface AlertWebhookSettings {
  url: string;
  maxAttempts: number;
  retryDelayMs: number;
  timeoutMs?: number;
  /** Tests make the waits instant; the real clock sleeps. */
  sleep?: (ms: number) => Promise<void>;
}

/** The longest a Retry-After may hold an alert back: the run waits for it. */
const RETRY_AFTER_CAP_SECONDS = 30;

/**
 * Posts a Slack incoming-webhook message (`{"text": …}`, which Slack, Mattermost, Rocket.Chat and
 * Google Chat's Slack-compatible hooks all accept). Network errors, timeouts, 5xx and 429 are retried
 * with doubling waits (Retry-After honoured); any other 4xx is final (Slack answers 400
 * invalid_payload, 403 invalid_token, 404 no_service, 410 channel_is_archived). Never throws.
 */
export class AlertWebhookSender {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly settings: AlertWebhookSettings) {
    this.sleep = settings.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** The webhook's host, for log lines: the path carries the secret token. */
  get host(): string {
    return new URL(this.settings.url).host;
  }

  async send(text: string): Promise<WebhookDelivery> {
    const errors: string[] = [];
    for (let attempt = 1; attempt <= this.settings.maxAttempts; attempt += 1) {
      let waitMs = this.settings.retryDelayMs * 2 ** (attempt - 1);
      try {
        const response = await fetch(this.settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
        });
        const body = (await response.text()).slice(0, 200);
        if (response.ok) return { delivered: true, attempts: attempt, errors };
        errors.push(`attempt ${attempt}: HTTP ${response.status} ${body}`.trim());
        const retryable = response.status === 429 || response.status >= 500;
        if (!retryable) return { delivered: false, attempts: attempt, errors };
        const askedMs = retryAfterMs(response.headers.get('retry-after') ?? undefined, Date.now());
        if (askedMs !== undefined) waitMs = Math.max(waitMs, Math.min(askedMs, RETRY_AFTER_CAP_SECONDS * 1000));
      } catch (error) {
        errors.push(`attempt ${attempt}: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`);
      }
      if (attempt < this.settings.maxAttempts) await this.sleep(waitMs);
    }
    return { delivered: false, attempts: this.settings.maxAttempts, errors };
  }
}
