import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { PlatformConfig } from '../config/platform-config';
import { assertJsonDepth, refusePrototypeKeys } from './json-limits';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** A body that is not JSON is refused before any parser sees it (415 naming the type), never ignored. */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  const type = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (!METHODS_WITH_BODY.has(request.method) || !hasBody || type === 'application/json') return next();
  response.status(415).json({ statusCode: 415, error: 'Unsupported Media Type', message: `content-type must be application/json, got ${type || 'none'}` });
}

/**
 * Every service's body limits, from the configuration: application/json only, at most
 * REQUEST_BODY_LIMIT_BYTES (413), nesting at most REQUEST_JSON_MAX_DEPTH (checked on the raw text
 * before parsing, 400), no __proto__/constructor/prototype keys (400), only an object or array (400).
 */
export function applyEdgeBodyLimits(app: NestExpressApplication, config: PlatformConfig): void {
  app.use(requireJsonBodies);
  const options = {
    limit: config.REQUEST_BODY_LIMIT_BYTES,
    strict: true,
    // Nest's types leave `verify` out (it sets its own only for rawBody, which the services do not use), but pass it on.
    verify: (_request: IncomingMessage, _response: ServerResponse, buffer: Buffer) => assertJsonDepth(buffer.toString('utf8'), config.REQUEST_JSON_MAX_DEPTH),
    reviver: refusePrototypeKeys,
  };
  app.useBodyParser('json', options as Parameters<NestExpressApplication['useBodyParser']>[1]);
}
