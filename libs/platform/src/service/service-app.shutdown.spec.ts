import http from 'node:http';
import { AddressInfo } from 'node:net';
import { shutdownWithin } from './service-app';

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

describe('shutdownWithin: in-flight work gets SHUTDOWN_DEADLINE_MS, then is abandoned', () => {
  it('completes when in-flight work finishes before the deadline', async () => {
    const lines: string[] = [];
    const outcome = await shutdownWithin(() => new Promise((resolve) => setTimeout(resolve, 10)), 1000, (line) => lines.push(line));
    expect(outcome).toBe('completed');
    expect(lines).toEqual([]);
  });

  it('abandons a request that is still running at the deadline, and says so', async () => {
    // A real HTTP server holding a request open, the way a long phase run does; close() waits for it.
    const server = http.createServer(() => undefined);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const request = http.request({ port: (server.address() as AddressInfo).port, method: 'POST', path: '/process_date' });
    request.on('error', () => undefined);
    request.end('{}');
    await new Promise((resolve) => server.once('request', resolve));
    const lines: string[] = [];
    const started = Date.now();
    const outcome = await shutdownWithin(() => closeServer(server), 50, (line) => lines.push(line));
    expect(outcome).toBe('abandoned');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(lines).toEqual([expect.stringMatching(/still running after 50 ms \(SHUTDOWN_DEADLINE_MS\): abandoning it; its unacknowledged messages will be redelivered/)]);
    server.closeAllConnections();
  });

  it('reports a shutdown that failed, with its error', async () => {
    const lines: string[] = [];
    const outcome = await shutdownWithin(() => Promise.reject(new Error('warehouse close failed')), 1000, (line) => lines.push(line));
    expect(outcome).toBe('failed');
    expect(lines[0]).toMatch(/shutdown failed: .*warehouse close failed/);
  });
});
