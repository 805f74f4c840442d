import http from 'node:http';
import { AddressInfo } from 'node:net';
import { LocalScheduler } from './local-scheduler';

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

  it('POSTs the job route on its interval over HTTP until stopped', async () => {
    const scheduler = new LocalScheduler([{ name: 'deadline-check', url: `${url}/transitions/check-deadlines`, intervalMs: 5 }]);
    scheduler.start();
    while (calls.length < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    await scheduler.stop();
    const seen = calls.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(calls.length).toBe(seen);
    expect(new Set(calls)).toEqual(new Set(['POST /transitions/check-deadlines']));
  });

  it('never starts a job whose interval is 0', async () => {
    const scheduler = new LocalScheduler([{ name: 'off', url: `${url}/off`, intervalMs: 0 }]);
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await scheduler.stop();
    expect(calls).toEqual([]);
  });

  it('logs a failing answer with the job, URL and status', async () => {
    answer = 503;
    const errors: string[] = [];
    const scheduler = new LocalScheduler([], { log: () => undefined, error: (line: string) => errors.push(line) });
    await scheduler.fire({ name: 'deadline-check', url: `${url}/x`, intervalMs: 1000 });
    expect(errors).toEqual([expect.stringMatching(/^deadline-check: POST http:\/\/127\.0\.0\.1:\d+\/x answered 503/)]);
  });
});
