import type { NextFunction, Request, Response } from 'express';
import { CORRELATION_HEADER, isUsableCorrelationId, mintCorrelationId } from '../context/request-context';
import { PushAuthGuard } from './push-auth.guard';
import { PushDeliveryService } from './push-delivery.service';

/**
 * POST /pubsub for a message id this process already saw processed, answered right after the body
 * parser (its size, depth and prototype-key limits still apply) and the push token check, before
 * Nest's router, pipes and the envelope and contract validation: a redelivery costs a set lookup.
 * Everything else goes on to the full path, which looks the id up in the table, validates, claims,
 * or refuses a bad token with the guard's 401.
 */
export function answerKnownDuplicates(delivery: PushDeliveryService, guard: PushAuthGuard) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.method !== 'POST' || request.url !== '/pubsub') return next();
    const known = delivery.knownDuplicate(request.body);
    if (!known) return next();
    guard.accepts(request.headers.authorization).then(
      (accepted) => {
        if (!accepted) return next();
        const offered = request.header(CORRELATION_HEADER);
        response.setHeader(CORRELATION_HEADER, isUsableCorrelationId(offered) ? offered : mintCorrelationId());
        // One socket write of headers and body.
        response.status(200).type('application/json').end(JSON.stringify(delivery.alreadyProcessed(known.subscription, known.messageId)));
      },
      (error: unknown) => next(error),
    );
  };
}
