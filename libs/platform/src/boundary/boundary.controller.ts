import { BadRequestException, Body, ConflictException, Controller, HttpCode, Inject, Post, UsePipes, ValidationPipe } from '@nestjs/common';
import { BoundaryCheckRow, BoundaryGate, BoundaryNotBlockedError } from '@lib/quality';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { describeValidationErrors } from '../validation/validation-errors';
import { BoundaryReleaseRequest } from './boundary-release.dto';

/** POST /boundary/release: a person releases a blocked date; the next run goes ahead, flagged. */
@Controller('boundary')
export class BoundaryController {
  constructor(
    private readonly gate: BoundaryGate,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
  ) {}

  @Post('release')
  @HttpCode(200)
  @UsePipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: (errors) =>
        new BadRequestException({ statusCode: 400, error: 'Bad Request', message: describeValidationErrors(errors), fields: [...new Set(errors.map((error) => error.property))] }),
    }),
  )
  async release(@Body() body: BoundaryReleaseRequest): Promise<BoundaryCheckRow> {
    try {
      return await this.gate.release(`phase${this.identity.phase}`, body.game_date, body.released_by, body.reason);
    } catch (error) {
      if (error instanceof BoundaryNotBlockedError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
