import { Body, Controller, HttpCode, HttpException, HttpStatus, Post, UsePipes } from '@nestjs/common';
import { edgeValidationPipe, NoFieldsRequest } from '@lib/platform';
import { WorkflowDecisionRecord } from './workflow-decision.repository';
import { WorkflowService } from './workflow.service';

/** Called by Cloud Scheduler every hour; the local cluster can call it too. */
@Controller('workflows')
export class WorkflowController {
  constructor(private readonly workflows: WorkflowService) {}

  @Post('evaluate')
  @HttpCode(200)
  @UsePipes(edgeValidationPipe())
  async evaluate(@Body() _body: NoFieldsRequest): Promise<{ decisions: WorkflowDecisionRecord[] }> {
    const decisions = await this.workflows.evaluate();
    const failed = decisions.filter((decision) => decision.outcome?.startsWith('failed'));
    // A failed workflow answers 500 so the scheduler's own alerting sees it; the decisions say which.
    if (failed.length > 0) throw new HttpException({ statusCode: 500, error: `${failed.length} workflow(s) failed`, decisions }, HttpStatus.INTERNAL_SERVER_ERROR);
    return { decisions };
  }
}
