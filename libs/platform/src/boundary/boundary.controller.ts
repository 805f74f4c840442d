import { Body, ConflictException, Controller, HttpCode, Inject, Post, UsePipes } from '@nestjs/common';
import { BoundaryCheckRow, BoundaryGate, BoundaryNotBlockedError } from '@lib/quality';
import { SERVICE_IDENTITY, ServiceIdentity } from '../service/service-identity';
import { edgeValidationPipe } from '../validation/edge-validation.pipe';
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
  @UsePipes(edgeValidationPipe())
  async release(@Body() body: BoundaryReleaseRequest): Promise<BoundaryCheckRow> {
    try {
      return await this.gate.release(`phase${this.identity.phase}`, body.game_date, body.released_by, body.reason);
    } catch (error) {
      if (error instanceof BoundaryNotBlockedError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
