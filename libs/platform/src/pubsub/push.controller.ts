import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiResponse } from '@nestjs/swagger';
import { PushEnvelope } from '@lib/messaging';
import { PushAuthGuard } from './push-auth.guard';
import { PushDeliveryService, PushOutcome } from './push-delivery.service';

/** Pub/Sub push endpoint: 2xx acknowledges (processed, duplicate or dead-lettered), 5xx asks for redelivery. */
@Controller()
export class PushController {
  constructor(private readonly delivery: PushDeliveryService) {}

  @Post('pubsub')
  @HttpCode(200)
  @UseGuards(PushAuthGuard)
  @ApiBody({ type: PushEnvelope, description: 'A Pub/Sub push envelope; checked by the delivery service, which dead-letters what fails' })
  @ApiResponse({ status: 200, description: 'acknowledged: processed, not run, duplicate, or dead-lettered (outcome says which)' })
  @ApiResponse({ status: 500, description: 'the run failed: Pub/Sub redelivers' })
  receive(@Body() body: unknown): Promise<PushOutcome> {
    return this.delivery.handle(body);
  }
}
