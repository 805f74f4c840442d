import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { PhaseRunFailedError } from './phase-runner.service';

/** A failed run answers 500 with what failed, so the relay's and Pub/Sub's retry logs show the reason. */
@Catch(PhaseRunFailedError)
export class PhaseRunFailedFilter implements ExceptionFilter {
  catch(error: PhaseRunFailedError, host: ArgumentsHost): void {
    host.switchToHttp().getResponse<Response>().status(500).json({ statusCode: 500, error: 'Phase run failed', run: error.summary });
  }
}
