import { IsNotEmpty, IsString } from 'class-validator';
import { IsObjectPath } from './is-object-path';

/** One payload phase 1 stored for a date: the scraper that wrote it and where it is. */
export class StoredPayloadReference {
  @IsString()
  @IsNotEmpty()
  scraper!: string;

  @IsObjectPath()
  path!: string;
}
