import { ServiceName } from '@lib/messaging';
import { ShellCommand } from '../shell/shell-command';
import { DeployTarget, schedulerInvokerServiceAccount, serviceUrl } from '../target/deploy-target';

export interface SchedulerJob {
  name: string;
  description: string;
  service: ServiceName;
  method: 'POST' | 'GET';
  /** A route the service registers (a test boots each service and checks it). */
  path: string;
  /** Unix cron, in timeZone. */
  schedule: string;
  /** How long Cloud Scheduler waits for an answer; at most the service's request timeout. */
  attemptDeadlineSeconds: number;
}

/** Game days are scheduled in US Eastern time, so the jobs run on its clock. */
export const SCHEDULER_TIME_ZONE = 'America/New_York';

/**
 * Every Cloud Scheduler job, declared once: the deploy commands and the route test both read this.
 * Adding a job is one entry.
 */
export const SCHEDULER_JOBS: readonly SchedulerJob[] = [
  {
    name: 'nba-phase1-workflow-evaluate',
    description: 'Hourly: decide RUN or SKIP for each phase 1 workflow and run the RUNs',
    service: 'phase1-scrapers',
    method: 'POST',
    path: '/workflows/evaluate',
    schedule: '0 * * * *',
    attemptDeadlineSeconds: 1800,
  },
  {
    name: 'nba-phase1-retry-queue',
    description: 'Every 2 hours: scrape again the dates that still owe work in scraper_retry_queue',
    service: 'phase1-scrapers',
    method: 'POST',
    path: '/retries/run',
    schedule: '30 */2 * * *',
    attemptDeadlineSeconds: 1800,
  },
  {
    name: 'nba-phase3-deadline-check',
    description: 'Every 5 minutes: start phase 3 for dates whose required phase 2 processors missed the deadline (degraded, alerted)',
    service: 'phase3-analytics',
    method: 'POST',
    path: '/transitions/check-deadlines',
    schedule: '*/5 * * * *',
    attemptDeadlineSeconds: 540,
  },
  {
    name: 'nba-phase4-safety-net',
    description: 'Daily: run phase 4 for the last 3 days where features are missing or older than their input (a lost phase 3 message)',
    service: 'phase4-precompute',
    method: 'POST',
    path: '/safety-net',
    schedule: '30 6 * * *',
    attemptDeadlineSeconds: 540,
  },
  {
    name: 'nba-daily-reconciliation',
    description: 'Daily: reconcile the last 7 days across every phase boundary; gaps go to reconciliation_results and alerts',
    service: 'phase1-scrapers',
    method: 'POST',
    path: '/reconciliation/run',
    schedule: '0 7 * * *',
    attemptDeadlineSeconds: 1800,
  },
  {
    name: 'nba-self-heal',
    description: 'Every 4 hours: reconcile the last 7 days and act on the gaps (republish unloaded payloads, trigger phases 3 and 4), at most 3 times per gap',
    service: 'phase1-scrapers',
    method: 'POST',
    path: '/self-heal/run',
    schedule: '15 */4 * * *',
    attemptDeadlineSeconds: 1800,
  },
  ...(['phase1-scrapers', 'phase2-raw', 'phase3-analytics', 'phase4-precompute', 'phase5-predictions'] as const).map(
    (service): SchedulerJob => ({
      name: `nba-${service}-recover-stuck-runs`,
      description: 'Every 10 minutes: runs still running past RUN_STUCK_AFTER_MINUTES died with their instance; mark them failed and run their date again',
      service,
      method: 'POST',
      path: '/runs/recover-stuck',
      schedule: '*/10 * * * *',
      attemptDeadlineSeconds: 540,
    }),
  ),
  {
    name: 'nba-proactive-checks',
    description: 'Every 30 minutes: alert on a phase running longer than its expected duration x 1.5, completeness below 80 % over 30 days, and days with more than 20 % bronze predictions',
    service: 'phase1-scrapers',
    method: 'POST',
    path: '/monitoring/checks',
    schedule: '10,40 * * * *',
    attemptDeadlineSeconds: 300,
  },
];

/** Cloud Scheduler's limits on an HTTP target's attempt deadline. */
const ATTEMPT_DEADLINE_RANGE = [15, 1800] as const;

/**
 * `gcloud scheduler jobs create http` for a job: the service's URL as target and as OIDC audience,
 * signed as the scheduler invoker (Cloud Run refuses unauthenticated calls).
 */
export function schedulerJobCommand(target: DeployTarget, job: SchedulerJob): ShellCommand {
  const [min, max] = ATTEMPT_DEADLINE_RANGE;
  if (!Number.isInteger(job.attemptDeadlineSeconds) || job.attemptDeadlineSeconds < min || job.attemptDeadlineSeconds > max) {
    throw new Error(`scheduler job ${job.name}: attemptDeadlineSeconds ${job.attemptDeadlineSeconds} is outside Cloud Scheduler's ${min}..${max}`);
  }
  if (!job.path.startsWith('/')) throw new Error(`scheduler job ${job.name}: path ${JSON.stringify(job.path)} must start with "/"`);
  if (job.schedule.trim().split(/\s+/).length !== 5) throw new Error(`scheduler job ${job.name}: schedule ${JSON.stringify(job.schedule)} is not a five-field cron`);
  const url = serviceUrl(target, job.service);
  return [
    'gcloud',
    'scheduler',
    'jobs',
    'create',
    'http',
    job.name,
    `--location=${target.region}`,
    `--schedule=${job.schedule}`,
    `--time-zone=${SCHEDULER_TIME_ZONE}`,
    `--uri=${url}${job.path}`,
    `--http-method=${job.method}`,
    `--oidc-service-account-email=${schedulerInvokerServiceAccount(target)}`,
    `--oidc-token-audience=${url}`,
    `--attempt-deadline=${job.attemptDeadlineSeconds}s`,
    `--description=${job.description}`,
    `--project=${target.projectId}`,
  ];
}

export function schedulerJobExistsCommand(target: DeployTarget, job: SchedulerJob): ShellCommand {
  return ['gcloud', 'scheduler', 'jobs', 'describe', job.name, `--location=${target.region}`, `--project=${target.projectId}`];
}
