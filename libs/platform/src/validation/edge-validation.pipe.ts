import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { describeValidationErrors } from './validation-errors';

/**
 * The validation every endpoint applies at the edge: unknown fields refused, and a 400 whose
 * messages and `fields` name each field that failed.
 */
export function edgeValidationPipe(options: { transform?: boolean } = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    ...(options.transform ? { transform: true } : {}),
    exceptionFactory: (errors) =>
      new BadRequestException({
        statusCode: 400,
        error: 'Bad Request',
        message: describeValidationErrors(errors),
        fields: [...new Set(errors.map((error) => error.property))],
      }),
  });
}
