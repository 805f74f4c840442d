import { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ServiceIdentity } from '../service/service-identity';
import { describeValidatedClass, isValidatedClass } from './validated-class.schema';

/** Where every service serves its OpenAPI document. */
export const OPENAPI_PATH = '/openapi.json';

/**
 * Classes the routes take: `validated` are parameter types (bodies and queries the edge validation
 * pipe checks, unknown fields refused); `documented` are named by @ApiBody only (the push envelope,
 * which Pub/Sub may extend, so it is not closed).
 */
function routeClasses(app: INestApplication): { validated: Array<new () => object>; documented: Array<new () => object> } {
  const validated = new Set<unknown>();
  const documented = new Set<unknown>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const prototype = (wrapper.metatype as { prototype?: object } | null)?.prototype;
      if (!prototype) continue;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        for (const type of (Reflect.getMetadata('design:paramtypes', prototype, method) as unknown[] | undefined) ?? []) validated.add(type);
        const handler = (prototype as Record<string, unknown>)[method];
        const apiParameters = typeof handler === 'function' ? (Reflect.getMetadata('swagger/apiParameters', handler) as Array<{ type?: unknown }> | undefined) : undefined;
        for (const parameter of apiParameters ?? []) documented.add(parameter.type);
      }
    }
  }
  return { validated: [...validated].filter(isValidatedClass), documented: [...documented].filter(isValidatedClass) };
}

/**
 * The service's OpenAPI 3 document: every route of its controllers, with request bodies and query
 * parameters described from the class-validator DTOs the edge validation pipe enforces. Unknown
 * fields are refused there, so each DTO's schema says additionalProperties: false.
 */
export function buildOpenApiDocument(app: INestApplication, identity: Pick<ServiceIdentity, 'name' | 'version' | 'phase'>): OpenAPIObject {
  const { validated, documented } = routeClasses(app);
  for (const type of [...validated, ...documented]) describeValidatedClass(type);
  const config = new DocumentBuilder()
    .setTitle(identity.name)
    .setDescription(`Phase ${identity.phase} of the NBA props pipeline (nba-props-platform): its HTTP routes, generated from the validated DTOs.`)
    .setVersion(identity.version)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const strict = new Set(validated.map((type) => type.name));
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (strict.has(name) && !('$ref' in schema)) schema.additionalProperties = false;
  }
  return document;
}
