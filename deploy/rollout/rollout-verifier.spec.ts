import { INestApplication } from '@nestjs/common';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { closeInfrastructure, createInfrastructure, createServiceApp, Infrastructure } from '@lib/platform';
import { phase2RawService } from '../../apps/phase2-raw/src/app.module';
import { isolatedConfig } from '../../test/support/test-config';
import { RolloutClock, RolloutFailedError, verifyRollout } from './rollout-verifier';

const DEPLOYED = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const OLDER = '0123456789abcdef0123456789abcdef01234567';

/** Time moves only when the verifier sleeps. */
function steppedClock(): RolloutClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (milliseconds) => {
      slept.push(milliseconds);
      now += milliseconds;
    },
  };
}

/** A stand-in revision: /health/ready answers 503 until `readyAfter` requests have been made. */
async function revision(options: { readyAfter: number; commit: string; service?: string }) {
  let readyRequests = 0;
  const authorizations: Array<string | undefined> = [];
  const server = http.createServer((request, response) => {
    authorizations.push(request.headers.authorization);
    if (request.url === '/health/ready') {
      readyRequests += 1;
      const ready = readyRequests > options.readyAfter;
      response.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify(ready ? { status: 'ok' } : { status: 'error', error: { warehouse: { status: 'down' } } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ service: options.service ?? 'phase2-raw', commit: options.commit }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    authorizations,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('verifyRollout against a real service', () => {
  let infrastructure: Infrastructure;
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    const config = await isolatedConfig({ GIT_COMMIT: DEPLOYED });
    infrastructure = await createInfrastructure(config);
    app = await createServiceApp(phase2RawService, infrastructure);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });

  it('passes when the service is ready and reports the deployed commit', async () => {
    await expect(verifyRollout({ service: 'phase2-raw', url, expectedCommit: DEPLOYED, clock: steppedClock() })).resolves.toEqual({
      service: 'phase2-raw',
      commit: DEPLOYED,
      attempts: 1,
    });
  });

  it('fails loudly when the ready service still serves another commit', async () => {
    const failure = verifyRollout({ service: 'phase2-raw', url, expectedCommit: OLDER, clock: steppedClock() });
    await expect(failure).rejects.toThrow(RolloutFailedError);
    await expect(failure).rejects.toThrow(`phase2-raw is ready but serves commit "${DEPLOYED}", not the deployed ${OLDER}`);
  });

  it('fails when the URL answers as another service', async () => {
    await expect(verifyRollout({ service: 'phase3-analytics', url, expectedCommit: DEPLOYED, clock: steppedClock() })).rejects.toThrow(
      'phase3-analytics: ' + `${url}/version says it is "phase2-raw"`,
    );
  });
});

describe('verifyRollout while a revision starts', () => {
  it('polls readiness until it answers 200, sending the identity token', async () => {
    const starting = await revision({ readyAfter: 2, commit: DEPLOYED });
    const clock = steppedClock();
    try {
      const result = await verifyRollout({
        service: 'phase2-raw',
        url: `${starting.url}/`,
        expectedCommit: DEPLOYED,
        idToken: 'token-1',
        pollIntervalMs: 1000,
        clock,
      });
      expect(result.attempts).toBe(3);
      expect(clock.slept).toEqual([1000, 1000]);
      expect(starting.authorizations.every((header) => header === 'Bearer token-1')).toBe(true);
    } finally {
      await starting.close();
    }
  });

  it('gives up at the timeout, naming the service and its last readiness answer', async () => {
    const broken = await revision({ readyAfter: Number.POSITIVE_INFINITY, commit: DEPLOYED });
    try {
      await expect(
        verifyRollout({ service: 'phase2-raw', url: broken.url, expectedCommit: DEPLOYED, timeoutMs: 10_000, pollIntervalMs: 2_000, clock: steppedClock() }),
      ).rejects.toThrow(/^phase2-raw is not serving: .*\/health\/ready did not answer 200 within 10 s \(6 attempts; last: HTTP 503 .*"warehouse"/);
    } finally {
      await broken.close();
    }
  });

  it('names a connection failure when nothing listens', async () => {
    const gone = await revision({ readyAfter: 0, commit: DEPLOYED });
    await gone.close();
    await expect(
      verifyRollout({ service: 'phase2-raw', url: gone.url, expectedCommit: DEPLOYED, timeoutMs: 1_000, pollIntervalMs: 1_000, clock: steppedClock() }),
    ).rejects.toThrow(/last: request failed: fetch failed \(.*ECONNREFUSED/);
  });
});
