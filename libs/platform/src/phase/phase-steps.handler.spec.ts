import { PhaseRunRequest, PhaseWorkResult } from './phase-handler';
import { PhaseStep, PhaseStepsHandler } from './phase-steps.handler';

const request: PhaseRunRequest = { gameDate: '2025-11-05', backfillMode: false, trigger: 'process_date', correlationId: 'c-1' };

function step(name: string, outcome: PhaseWorkResult | Error): PhaseStep & { calls: number } {
  return {
    name,
    calls: 0,
    async run() {
      this.calls += 1;
      if (outcome instanceof Error) throw outcome;
      return outcome;
    },
  };
}

describe('PhaseStepsHandler', () => {
  it('says plainly that a phase with no steps did no work', async () => {
    await expect(new PhaseStepsHandler([]).run(request)).resolves.toEqual({
      status: 'success',
      records: 0,
      detail: 'no steps registered for this phase yet',
    });
  });

  it('sums records and marks the run partial and degraded when one step was partial', async () => {
    const handler = new PhaseStepsHandler([
      step('bdl-games', { status: 'success', records: 11 }),
      step('bdl-stats', { status: 'partial', records: 180, detail: 'page 3 of 4 failed' }),
    ]);
    await expect(handler.run(request)).resolves.toEqual({
      status: 'partial',
      records: 191,
      degraded: true,
      detail: 'bdl-games: success (11); bdl-stats: partial (180) page 3 of 4 failed',
    });
  });

  it('is no_data only when every step found nothing', async () => {
    const handler = new PhaseStepsHandler([step('a', { status: 'no_data', records: 0 }), step('b', { status: 'no_data', records: 0 })]);
    await expect(handler.run(request)).resolves.toMatchObject({ status: 'no_data' });
  });

  it('fails the run naming the step that threw and the steps done before it, and stops there', async () => {
    const later = step('odds', { status: 'success', records: 1 });
    const handler = new PhaseStepsHandler([step('schedule', { status: 'success', records: 5 }), step('boxscores', new Error('HTTP 503')), later]);
    await expect(handler.run(request)).rejects.toThrow('step boxscores failed for 2025-11-05: HTTP 503 (steps completed before it: schedule)');
    expect(later.calls).toBe(0);
  });
});
