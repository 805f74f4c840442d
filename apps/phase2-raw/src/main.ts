import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { phase2RawService } from './app.module';

void bootstrapService(phase2RawService);
