import { Controller, Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { answerStatusRequest } from './status.routes';
import { StatusService } from './status.service';

/** The status page on phase 1: GET /status and each date's story at GET /status/dates/:date. Read-only. */
@Controller('status')
export class StatusController {
  constructor(private readonly status: StatusService) {}

  @Get()
  page(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  @Get('dates/:date')
  story(@Req() request: Request, @Res() response: Response): Promise<void> {
    return this.answer(request, response);
  }

  private async answer(request: Request, response: Response): Promise<void> {
    const url = new URL(request.originalUrl, 'http://localhost');
    const answer = (await answerStatusRequest(this.status, url.pathname, url.searchParams))!;
    response.status(answer.status).type(answer.contentType).send(answer.body);
  }
}
