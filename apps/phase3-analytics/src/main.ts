import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { phase3AnalyticsService } from './app.module';

void bootstrapService(phase3AnalyticsService);
