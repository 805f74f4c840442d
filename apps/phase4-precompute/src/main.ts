import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { phase4PrecomputeService } from './app.module';

void bootstrapService(phase4PrecomputeService);
