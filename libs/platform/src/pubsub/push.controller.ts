import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { PushAuthGuard } from './push-auth.guard';
import { PushDeliveryService, PushOutcome } from './push-delivery.service';

/** Pub/Sub push endpoint: 2xx acknowledges (processed, duplicate or dead-lettered), 5xx asks for redelivery. */
@Controller()
export class PushController {
  constructor(private readonly delivery: PushDeliveryService) {}

  @Post('pubsub')
  @HttpCode(200)
  @UseGuards(PushAuthGuard)
  receive(@Body() body: unknown): Promise<PushOutcome> {
    return this.delivery.handle(body);
  }
}
