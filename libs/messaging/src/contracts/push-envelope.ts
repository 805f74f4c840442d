import { Type } from 'class-transformer';
import { IsBase64, IsNotEmpty, IsObject, IsOptional, IsString, ValidateNested } from 'class-validator';

/** The body Pub/Sub POSTs to a push endpoint (and the local relay POSTs, byte for byte the same shape). */
export class PushMessage {
  @IsBase64()
  data!: string;

  @IsOptional()
  @IsObject()
  attributes?: Record<string, string>;

  @IsString()
  @IsNotEmpty()
  messageId!: string;

  @IsOptional()
  @IsString()
  publishTime?: string;
}

export class PushEnvelope {
  @ValidateNested()
  @Type(() => PushMessage)
  message!: PushMessage;

  @IsString()
  @IsNotEmpty()
  subscription!: string;
}

/** `projects/p/subscriptions/nba-phase2-raw-sub` → `nba-phase2-raw-sub`. */
export function shortSubscriptionName(subscription: string): string {
  return subscription.split('/').pop() ?? subscription;
}
