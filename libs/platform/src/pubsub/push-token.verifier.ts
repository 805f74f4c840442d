import type { OAuth2Client } from 'google-auth-library';

export type SigningCertificates = Record<string, string>;

export interface PushTokenVerifierOptions {
  audience: string;
  /** When set, the token must be issued to this service account (the push subscription's). */
  serviceAccountEmail?: string;
  /** Google's signing certificates by key id; fetched from Google when not given (tests give their own). */
  certificates?: () => Promise<SigningCertificates>;
  client?: OAuth2Client;
}

export class PushTokenRejectedError extends Error {
  constructor(
    reason: string,
    /** True when the token could not be checked at all (Google's certificates unreachable), not found invalid. */
    readonly verifierUnavailable = false,
  ) {
    super(reason);
    this.name = 'PushTokenRejectedError';
  }
}

/**
 * The library's reason without what it quotes of the token (it appends the token, its segments or its
 * decoded claims after a colon), so a 401 body or a log line never carries a presented token.
 */
function reasonWithoutToken(message: string, token: string): string {
  const reason = message.split(':')[0];
  return token.split('.').reduce((text, segment) => (segment.length >= 4 ? text.split(segment).join('[token]') : text), reason.split(token).join('[token]'));
}

const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

/** Verifies the OIDC token Pub/Sub attaches to authenticated push requests. */
export class PushTokenVerifier {
  private readonly client: OAuth2Client;

  constructor(private readonly options: PushTokenVerifierOptions) {
    // Loaded only when a verifier is made: a cluster without push authentication never pays for the library.
    this.client = options.client ?? new (require('google-auth-library') as typeof import('google-auth-library')).OAuth2Client();
  }

  async verify(authorizationHeader: string | undefined): Promise<{ email?: string }> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorizationHeader ?? '')?.[1];
    if (!token) throw new PushTokenRejectedError('push request has no Bearer token');
    let certificates: SigningCertificates;
    try {
      certificates = this.options.certificates ? await this.options.certificates() : ((await this.client.getFederatedSignonCertsAsync()).certs as SigningCertificates);
    } catch (error) {
      // Unverifiable is refused like invalid (401): Pub/Sub redelivers a refused push, so a genuine message is not lost.
      throw new PushTokenRejectedError(`push token cannot be verified: Google's signing certificates are unreachable (${reasonWithoutToken((error as Error).message, token)})`, true);
    }
    let email: string | undefined;
    try {
      const ticket = await this.client.verifySignedJwtWithCertsAsync(token, certificates, this.options.audience, GOOGLE_ISSUERS);
      const payload = ticket.getPayload();
      email = payload?.email;
      if (this.options.serviceAccountEmail && (email !== this.options.serviceAccountEmail || payload?.email_verified !== true)) {
        throw new PushTokenRejectedError(`push token was issued to ${email ?? 'no email'}, not ${this.options.serviceAccountEmail}`);
      }
    } catch (error) {
      if (error instanceof PushTokenRejectedError) throw error;
      throw new PushTokenRejectedError(`push token rejected: ${reasonWithoutToken((error as Error).message, token)}`);
    }
    return { email };
  }
}
