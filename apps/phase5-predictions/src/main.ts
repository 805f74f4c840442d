import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { phase5PredictionsService } from './app.module';

void bootstrapService(phase5PredictionsService);
