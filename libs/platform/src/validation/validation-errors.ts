import { ValidationError } from 'class-validator';

/** class-validator errors as messages that each name their field, nested fields as 'parent.child'. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) => (text.startsWith(error.property) ? `${parent ? `${parent}.` : ''}${text}` : `${field}: ${text}`));
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}
