import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { phase1ScrapersService } from './app.module';

void bootstrapService(phase1ScrapersService);
