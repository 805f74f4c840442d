import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { CORRELATION_HEADER, isUsableCorrelationId, mintCorrelationId, runWithContext, traceIdFromCloudTraceHeader } from './request-context';

/** Gives every request a correlation id (from the caller's header, or a new one) and echoes it back. */
@Injectable()
export class CorrelationMiddleware implements NestMiddleware {
  constructor(@Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const offered = request.header(CORRELATION_HEADER);
    const correlationId = isUsableCorrelationId(offered) ? offered : mintCorrelationId();
    const traceId = traceIdFromCloudTraceHeader(request.header('x-cloud-trace-context'));
    response.setHeader(CORRELATION_HEADER, correlationId);
    runWithContext({ correlationId, service: this.identity.name, traceId }, () => next());
  }
}
