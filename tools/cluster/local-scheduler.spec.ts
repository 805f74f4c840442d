import http from 'node:http';
import { AddressInfo } from 'node:net';
import { RunningClock } from '@lib/platform';
import { SCHEDULER_JOBS, SCHEDULER_TIME_ZONE } from '../../deploy/scheduler/scheduler-jobs';
import { LocalScheduledJob, LocalScheduler, localScheduledJobs, nextInstant, SchedulerFiring } from './local-scheduler';

describe('LocalScheduler', () => {
  let server: http.Server;
  let url: string;
  const calls: string[] = [];
  let answer = 200;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      calls.push(`${request.method} ${request.url}`);
      response.writeHead(answer, { 'content-type': 'application/json' }).end(JSON.stringify({ started: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    calls.length = 0;
    answer = 200;
  });

  const job = (name: string, schedule: string, path: string): LocalScheduledJob => ({
    name,
    method: 'POST',
    url: `${url}${path}`,
    schedule,
    timeZone: SCHEDULER_TIME_ZONE,
    attemptDeadlineSeconds: 30,
  });

  it('fires every job on its own cron instants, by the running clock, over HTTP, until stopped', async () => {
    // One simulated hour per second of real time.
    const clock = new RunningClock(new Date('2025-11-05T12:59:59Z'), 3_600);
    const scheduler = await LocalScheduler.start([job('hourly', '0 * * * *', '/workflows/evaluate'), job('five-minutes', '*/5 * * * *', '/transitions/check-deadlines')], clock);
    while (scheduler.service.firings().filter((firing) => firing.job === 'hourly').length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
    await scheduler.stop();
    const firings = scheduler.service.firings().sort((left, right) => left.due.localeCompare(right.due));
    const seen = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls.length).toBe(seen);

    // Starting the scheduler takes real time, a simulated hour or more at this speed: what matters is that
    // each job is called on consecutive instants of its own cron, none doubled, and an instant the clock
    // ran past before its timer fired (a 5-minute step is 83 ms here) is reported, not lost.
    const steps = (dues: string[]) => dues.slice(1).map((due, index) => (Date.parse(due) - Date.parse(dues[index])) / 60_000);
    const hourly = firings.filter((firing) => firing.job === 'hourly').map((firing) => firing.due);
    expect(hourly.every((due) => due.endsWith(':00:00.000Z'))).toBe(true);
    expect(steps(hourly)).toEqual(hourly.slice(1).map(() => 60));
    const fiveMinutes = firings.filter((firing) => firing.job === 'five-minutes').map((firing) => firing.due);
    expect(fiveMinutes.length).toBeGreaterThan(hourly.length * 6);
    expect(fiveMinutes.every((due) => Number(due.slice(14, 16)) % 5 === 0 && due.endsWith(':00.000Z'))).toBe(true);
    expect(steps(fiveMinutes)).toEqual(fiveMinutes.slice(1).map(() => 5));
    expect(Date.parse(fiveMinutes[0])).toBeGreaterThan(Date.parse('2025-11-05T12:59:59Z'));
    // At this speed a call lasts simulated minutes: the next instant of a job still running is skipped, and says so.
    // How many are skipped depends on the machine's load; that each skip falls inside a call of its own job does not.
    const answered = firings.filter((firing) => firing.outcome === 'answered');
    expect(firings.filter((firing) => firing.outcome === 'failed')).toEqual([]);
    expect(new Set(answered.map((firing) => firing.job))).toEqual(new Set(['hourly', 'five-minutes']));
    const skipped = firings.filter((firing) => firing.outcome === 'skipped_still_running');
    const insideACallOfItsJob = (skip: SchedulerFiring) =>
      answered.some((call) => call.job === skip.job && call.firedAt <= skip.firedAt && (call.answeredAt ?? '') >= skip.firedAt);
    expect(skipped.filter((skip) => !insideACallOfItsJob(skip))).toEqual([]);
    expect(answered.filter((firing) => !(firing.status === 200 && firing.firedAt >= firing.due))).toEqual([]);
    expect(new Set(calls)).toEqual(new Set(['POST /workflows/evaluate', 'POST /transitions/check-deadlines']));
  });

  it('fires a job at once when the clock jumps onto its instant, and arms the next one after it', async () => {
    const clock = new RunningClock(new Date('2025-11-05T13:00:30Z'), 1);
    const scheduler = await LocalScheduler.start([job('safety-net', '30 6 * * *', '/safety-net')], clock);
    const firings: SchedulerFiring[] = [];
    scheduler.service.onFiring((firing) => firings.push(firing));
    // 6:30 in New York on 2025-11-06 is 11:30 UTC (EST).
    expect(scheduler.service.nextDueAt()?.toISOString()).toBe('2025-11-06T11:30:00.000Z');
    clock.jumpTo(scheduler.service.nextDueAt()!);
    while (firings.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(firings[0]).toMatchObject({ job: 'safety-net', due: '2025-11-06T11:30:00.000Z', status: 200 });
    expect(scheduler.service.nextDueAt()?.toISOString()).toBe('2025-11-07T11:30:00.000Z');
    await scheduler.stop();
    expect(calls).toEqual(['POST /safety-net']);
  });

  it('reports a failing answer with its status and body, and keeps its schedule', async () => {
    answer = 503;
    const clock = new RunningClock(new Date('2025-11-05T13:00:30Z'), 1);
    const scheduler = await LocalScheduler.start([job('deadline-check', '*/5 * * * *', '/x')], clock);
    const firings: SchedulerFiring[] = [];
    scheduler.service.onFiring((firing) => firings.push(firing));
    await scheduler.service.fire({ ...job('deadline-check', '*/5 * * * *', '/x') });
    expect(firings).toEqual([expect.objectContaining({ job: 'deadline-check', status: 503, outcome: 'answered', body: { started: [] } })]);
    expect(scheduler.service.nextDueAt()?.toISOString()).toBe('2025-11-05T13:05:00.000Z');
    await scheduler.stop();
  });

  it('runs every job deploy/ declares, each on a cron it can read, against the service that serves it', () => {
    const urls = { 'phase1-scrapers': 'http://p1', 'phase3-analytics': 'http://p3', 'phase4-precompute': 'http://p4' };
    const jobs = localScheduledJobs(SCHEDULER_JOBS, urls);
    expect(jobs.map((local) => local.name)).toEqual(SCHEDULER_JOBS.filter((declared) => declared.service in urls).map((declared) => declared.name));
    for (const local of jobs) {
      const declared = SCHEDULER_JOBS.find((candidate) => candidate.name === local.name)!;
      expect(local.url).toBe(`${urls[declared.service as keyof typeof urls]}${declared.path}`);
      expect(nextInstant(local, new Date('2025-11-05T13:00:00Z')).getTime()).toBeGreaterThan(Date.parse('2025-11-05T13:00:00Z'));
    }
    expect(() => nextInstant({ name: 'bad', schedule: '61 * * * *', timeZone: SCHEDULER_TIME_ZONE }, new Date())).toThrow(/scheduler job bad: cannot read cron "61 \* \* \* \*"/);
  });
});
