import { appModuleTargets, BootResult, bootCheck } from '../predeploy/boot-check';
import { cloudRunSpecOf } from '../cloud-run/cloud-run-services';
import { REPO_ROOT } from '../testing/temporary-build';
import { DeployTarget } from '../target/deploy-target';
import { SCHEDULER_JOBS, SchedulerJob, schedulerJobCommand } from './scheduler-jobs';

const TARGET: DeployTarget = {
  projectId: 'nba-props',
  region: 'us-west2',
  commit: '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098',
  bigQueryLocation: 'US',
  bucket: 'nba-props-raw',
};

describe('scheduler jobs', () => {
  let routesByService: Map<string, string[]>;

  beforeAll(async () => {
    const services = new Set(SCHEDULER_JOBS.map((job) => job.service));
    const results = await bootCheck(
      appModuleTargets(REPO_ROOT).filter((target) => services.has(target.service as SchedulerJob['service'])),
      { root: REPO_ROOT },
    );
    const failed = results.filter((result) => !result.ok);
    if (failed.length > 0) throw new Error(`services with scheduler jobs did not boot: ${JSON.stringify(failed)}`);
    routesByService = new Map((results as Array<Extract<BootResult, { ok: true }>>).map((result) => [result.service, result.routes]));
  });

  it('declares the hourly workflow evaluation, the retry queue run and the phase 3 deadline check, the phase 4 safety net, reconciliation, self-heal, stuck-run recovery on every service and the proactive checks', () => {
    expect(SCHEDULER_JOBS.map((job) => `${job.service} ${job.method} ${job.path} ${job.schedule}`)).toEqual([
      'phase1-scrapers POST /workflows/evaluate 0 * * * *',
      'phase1-scrapers POST /retries/run 30 */2 * * *',
      'phase3-analytics POST /transitions/check-deadlines */5 * * * *',
      'phase4-precompute POST /safety-net 30 6 * * *',
      'phase1-scrapers POST /reconciliation/run 0 7 * * *',
      'phase1-scrapers POST /self-heal/run 15 */4 * * *',
      'phase1-scrapers POST /runs/recover-stuck */10 * * * *',
      'phase2-raw POST /runs/recover-stuck */10 * * * *',
      'phase3-analytics POST /runs/recover-stuck */10 * * * *',
      'phase4-precompute POST /runs/recover-stuck */10 * * * *',
      'phase5-predictions POST /runs/recover-stuck */10 * * * *',
      'phase1-scrapers POST /monitoring/checks 10,40 * * * *',
    ]);
  });

  it.each(SCHEDULER_JOBS.map((job) => [job.name, job] as const))('%s targets a route its service really registers', (_name, job) => {
    expect(routesByService.get(job.service)).toContain(`${job.method} ${job.path}`);
  });

  it.each(SCHEDULER_JOBS.map((job) => [job.name, job] as const))('%s waits no longer than its service lets a request run', (_name, job) => {
    expect(job.attemptDeadlineSeconds).toBeLessThanOrEqual(cloudRunSpecOf(job.service).timeoutSeconds);
  });

  it('has unique job names', () => {
    expect(new Set(SCHEDULER_JOBS.map((job) => job.name)).size).toBe(SCHEDULER_JOBS.length);
  });

  it('creates an HTTP job calling the service URL with an OIDC token for that URL', () => {
    expect(schedulerJobCommand(TARGET, SCHEDULER_JOBS[0])).toEqual([
      'gcloud',
      'scheduler',
      'jobs',
      'create',
      'http',
      'nba-phase1-workflow-evaluate',
      '--location=us-west2',
      '--schedule=0 * * * *',
      '--time-zone=America/New_York',
      '--uri=https://phase1-scrapers-${PROJECT_NUMBER}.us-west2.run.app/workflows/evaluate',
      '--http-method=POST',
      '--oidc-service-account-email=nba-scheduler-invoker@nba-props.iam.gserviceaccount.com',
      '--oidc-token-audience=https://phase1-scrapers-${PROJECT_NUMBER}.us-west2.run.app',
      '--attempt-deadline=1800s',
      '--description=Hourly: decide RUN or SKIP for each phase 1 workflow and run the RUNs',
      '--project=nba-props',
    ]);
  });

  it('refuses a declaration Cloud Scheduler would reject, naming the job', () => {
    const job = SCHEDULER_JOBS[0];
    expect(() => schedulerJobCommand(TARGET, { ...job, attemptDeadlineSeconds: 3600 })).toThrow(
      "scheduler job nba-phase1-workflow-evaluate: attemptDeadlineSeconds 3600 is outside Cloud Scheduler's 15..1800",
    );
    expect(() => schedulerJobCommand(TARGET, { ...job, schedule: 'hourly' })).toThrow('schedule "hourly" is not a five-field cron');
    expect(() => schedulerJobCommand(TARGET, { ...job, path: 'workflows/evaluate' })).toThrow('must start with "/"');
  });
});
