import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Schema = Record<string, unknown>;

/** What each class-validator rule says about a property, in OpenAPI terms. */
const RULE_SCHEMAS: Record<string, (constraints: unknown[]) => Schema> = {
  isCalendarDate: () => ({ type: 'string', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  isBoolean: () => ({ type: 'boolean' }),
  isString: () => ({ type: 'string' }),
  isNotEmpty: () => ({ minLength: 1 }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isIn: ([values]) => ({ enum: values }),
  min: ([minimum]) => ({ minimum }),
  max: ([maximum]) => ({ maximum }),
  minLength: ([minLength]) => ({ minLength }),
  maxLength: ([maxLength]) => ({ maxLength }),
  matches: ([pattern]) => ({ type: 'string', pattern: pattern instanceof RegExp ? pattern.source : String(pattern) }),
  isUrl: () => ({ type: 'string', format: 'uri' }),
  isBase64: () => ({ type: 'string', format: 'byte' }),
  isEmail: () => ({ type: 'string', format: 'email' }),
  isUUID: () => ({ type: 'string', format: 'uuid' }),
  isObject: () => ({ type: 'object' }),
};

const described = new WeakSet<object>();

/** True when class-validator holds rules for the class: a DTO the validation pipe checks. */
export function isValidatedClass(candidate: unknown): candidate is new () => object {
  return typeof candidate === 'function' && getMetadataStorage().getTargetValidationMetadatas(candidate, '', true, false).length > 0;
}

/**
 * Declares the class's properties to @nestjs/swagger from the class-validator rules the validation
 * pipe already enforces (what the swagger CLI plugin's class-validator shim does at compile time; our
 * swc build has no such plugin). Nested validated classes are described too. Once per class per process.
 */
export function describeValidatedClass(target: new () => object): void {
  if (described.has(target)) return;
  described.add(target);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const rule of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
    byProperty.set(rule.propertyName, [...(byProperty.get(rule.propertyName) ?? []), rule]);
  }
  for (const [property, rules] of byProperty) {
    const options: Schema = {};
    const otherChecks: string[] = [];
    let required = true;
    for (const rule of rules) {
      if (rule.type === 'conditionalValidation') {
        // @IsOptional or @ValidateIf: the property may be left out.
        required = false;
        continue;
      }
      if (rule.type === 'nestedValidation') continue;
      const toSchema = rule.name ? RULE_SCHEMAS[rule.name] : undefined;
      if (toSchema) Object.assign(options, toSchema(rule.constraints ?? []));
      else if (rule.name) otherChecks.push(rule.name);
    }
    const designType = Reflect.getMetadata('design:type', target.prototype, property) as unknown;
    if (options.type === undefined) {
      if (isValidatedClass(designType)) {
        describeValidatedClass(designType);
        options.type = designType;
      } else {
        options.type = designType === Number ? 'number' : designType === Boolean ? 'boolean' : designType === Array ? 'array' : designType === String ? 'string' : 'object';
      }
    }
    if (otherChecks.length > 0) options.description = `also checked: ${[...new Set(otherChecks)].join('; ')}`;
    ApiProperty({ ...options, required } as ApiPropertyOptions)(target.prototype, property);
  }
}
