import { BadRequestException, Body, ConflictException, Controller, HttpCode, Inject, Post, UsePipes } from '@nestjs/common';
import { BoundaryCheckRow, BoundaryGate, BoundaryNotBlockedError, CIRCUIT_BREAKER_PHASE } from '@lib/quality';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { edgeValidationPipe } from '../validation/edge-validation.pipe';
import { BoundaryReleaseRequest } from './boundary-release.dto';
import { CIRCUIT_BREAKER_GATE } from './circuit-breaker.token';

/** POST /boundary/release: a person releases a blocked date; the next run goes ahead, flagged. */
@Controller('boundary')
export class BoundaryController {
  constructor(
    private readonly gate: BoundaryGate,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(CIRCUIT_BREAKER_GATE) private readonly circuitBreaker: BoundaryGate,
  ) {}

  @Post('release')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  async release(@Body() body: BoundaryReleaseRequest): Promise<BoundaryCheckRow> {
    try {
      if (body.gate === 'circuit_breaker') {
        if (this.identity.phase !== 5) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: ['gate circuit_breaker holds phase 5 only'], fields: ['gate'] });
        return await this.circuitBreaker.release(CIRCUIT_BREAKER_PHASE, body.game_date, body.released_by, body.reason);
      }
      return await this.gate.release(`phase${this.identity.phase}`, body.game_date, body.released_by, body.reason);
    } catch (error) {
      if (error instanceof BoundaryNotBlockedError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
