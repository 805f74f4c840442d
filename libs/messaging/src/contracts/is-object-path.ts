import { ValidateBy, ValidationArguments, ValidationOptions } from 'class-validator';
import { assertObjectPath, InvalidObjectPathError } from '@lib/storage';

function objectPathProblem(value: unknown): string | undefined {
  try {
    assertObjectPath(value as string);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidObjectPathError) return error.reason;
    throw error;
  }
}

/**
 * class-validator decorator for an object-store path carried in a message: relative, no '..', no NUL.
 * A message pointing outside the store can never be processed, so it fails its contract (dead-lettered).
 */
export function IsObjectPath(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isObjectPath',
      validator: {
        validate: (value) => typeof value === 'string' && objectPathProblem(value) === undefined,
        defaultMessage: (args?: ValidationArguments) =>
          `${args?.property ?? 'value'} must be an object path inside the store (${typeof args?.value === 'string' ? objectPathProblem(args.value) : 'not a string'})`,
      },
    },
    options,
  );
}
