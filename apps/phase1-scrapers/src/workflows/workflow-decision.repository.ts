import { Inject, Injectable } from '@nestjs/common';
import { workflowDecisionsTable, Warehouse, WAREHOUSE } from '@lib/warehouse';
import { WorkflowName } from './workflow-decisions';

export interface WorkflowDecisionRecord {
  decision_id: string;
  evaluated_at: string;
  game_date: string;
  workflow: WorkflowName;
  decision: 'RUN' | 'SKIP';
  reason: string;
  outcome: string | null;
  correlation_id: string;
}

/** Owns nba_orchestration.workflow_decisions. */
@Injectable()
export class WorkflowDecisionRepository {
  constructor(@Inject(WAREHOUSE) private readonly warehouse: Warehouse) {}

  async save(records: WorkflowDecisionRecord[]): Promise<void> {
    if (records.length > 0) await this.warehouse.upsert(workflowDecisionsTable, records.map((record) => ({ ...record })));
  }

  /** When each workflow first ran for the date. */
  async firstRuns(gameDate: string): Promise<Partial<Record<WorkflowName, Date>>> {
    const rows = await this.warehouse.query<{ workflow: WorkflowName; first_run: string }>(
      `SELECT workflow, MIN(evaluated_at) AS first_run FROM nba_orchestration.workflow_decisions
        WHERE game_date = @gameDate AND decision = 'RUN' GROUP BY workflow`,
      { gameDate },
    );
    return Object.fromEntries(rows.map((row) => [row.workflow, new Date(row.first_run)]));
  }

  async forDate(gameDate: string): Promise<WorkflowDecisionRecord[]> {
    return this.warehouse.query<WorkflowDecisionRecord & Record<string, unknown>>(
      `SELECT * FROM nba_orchestration.workflow_decisions WHERE game_date = @gameDate ORDER BY evaluated_at, workflow`,
      { gameDate },
    );
  }
}
