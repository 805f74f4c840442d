import { CanActivate, ExecutionContext, Inject, Injectable, Logger, Optional, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { PushTokenRejectedError, PushTokenVerifier } from './push-token.verifier';

export const PUSH_TOKEN_VERIFIER = Symbol('PUSH_TOKEN_VERIFIER');

/** Refuses push requests without a valid Pub/Sub OIDC token, when an audience is configured. */
@Injectable()
export class PushAuthGuard implements CanActivate {
  private readonly logger = new Logger(PushAuthGuard.name);

  constructor(@Optional() @Inject(PUSH_TOKEN_VERIFIER) private readonly verifier?: PushTokenVerifier) {}

  /** Whether the request's token passes, without a word: a refusal is for canActivate to say (the full path). */
  async accepts(authorization: string | undefined): Promise<boolean> {
    if (!this.verifier) return true;
    return this.verifier.verify(authorization).then(
      () => true,
      () => false,
    );
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.verifier) return true;
    const request = context.switchToHttp().getRequest<Request>();
    try {
      await this.verifier.verify(request.headers.authorization);
      return true;
    } catch (error) {
      if (!(error instanceof PushTokenRejectedError)) throw error;
      const line = `refused push from ${request.ip}: ${error.message}`;
      if (error.verifierUnavailable) this.logger.error(line);
      else this.logger.warn(line);
      throw new UnauthorizedException(error.message);
    }
  }
}
