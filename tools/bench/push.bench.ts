import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { MESSAGE_SCHEMA_VERSION } from '@lib/messaging';
import { BenchCluster } from './bench-cluster';
import { BenchFigure, figure } from './bench-report';
import { percentile } from './bench-stats';

const SUBSCRIPTION = 'nba-phase2-raw-sub';

/** A phase 1 completion that stored nothing: phase 2 acknowledges it without a run and marks it processed. */
function envelope(messageId: string, gameDate: string) {
  const completion = {
    schema_version: MESSAGE_SCHEMA_VERSION,
    phase: 1,
    service: 'phase1-scrapers',
    run_id: `bench-${messageId}`,
    game_date: gameDate,
    status: 'failed',
    records: 0,
    degraded: true,
    detail: 'npm run bench: a duplicate delivery',
    backfill_mode: true,
    scraper: 'bdl_games',
    source: 'balldontlie',
    endpoint: 'games',
    attempts: 1,
    missing: [],
  };
  const publishTime = new Date().toISOString();
  return JSON.stringify({
    message: { data: Buffer.from(JSON.stringify(completion)).toString('base64'), attributes: { game_date: gameDate }, messageId, message_id: messageId, publishTime, publish_time: publishTime },
    subscription: `projects/local/subscriptions/${SUBSCRIPTION}`,
  });
}

/** The floor of one push: a node:http server that reads the body and answers 200, nothing else. */
async function emptyHandler(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pubsub`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function post(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await response.arrayBuffer();
  return response.status;
}

/**
 * The load generator, run on its own thread (the second core) so that the client's own cost does not
 * come out of the server's: the cluster and the bench share this process's one JavaScript thread.
 * Keep-alive connections, `inFlight` requests at a time, for `durationMs`; answers its count and statuses.
 */
const LOAD_GENERATOR = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const { url, body, inFlight, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
const target = new URL(url);
const post = () => new Promise((resolve, reject) => {
  const request = http.request({ hostname: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
    response.resume();
    response.on('end', () => resolve(response.statusCode));
    response.on('error', reject);
  });
  request.on('error', reject);
  request.end(body);
});
(async () => {
  const statuses = new Set();
  let sent = 0;
  const started = performance.now();
  const until = started + durationMs;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < until) {
      statuses.add(await post());
      sent += 1;
    }
  }));
  agent.destroy();
  parentPort.postMessage({ sent, seconds: (performance.now() - started) / 1000, statuses: [...statuses] });
})().catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/** Messages per second over `durationMs`, `inFlight` requests at a time, from the load generator's thread. */
async function throughput(url: string, body: string, inFlight: number, durationMs: number): Promise<{ perSecond: number; statuses: Set<number> }> {
  const worker = new Worker(LOAD_GENERATOR, { eval: true, workerData: { url, body, inFlight, durationMs } });
  try {
    const result = await new Promise<{ sent: number; seconds: number; statuses: number[] } | { error: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before answering`)));
    });
    if ('error' in result) throw new Error(`the load generator failed: ${result.error}`);
    return { perSecond: result.sent / result.seconds, statuses: new Set(result.statuses) };
  } finally {
    await worker.terminate();
  }
}

/** Latencies of `count` pushes one after another, as the relay makes them. */
async function latencies(url: string, body: () => string, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await post(url, body());
    samples.push(performance.now() - started);
  }
  return samples;
}

/** One push to an empty handler, p95: the floor under every phase transition. */
export async function benchEmptyPushHop(): Promise<number> {
  const floor = await emptyHandler();
  try {
    await latencies(floor.url, () => envelope('warm', '2025-11-05'), 20);
    return percentile(await latencies(floor.url, () => envelope('hop', '2025-11-05'), 200), 0.95)!;
  } finally {
    await floor.close();
  }
}

/**
 * `/pubsub` on a duplicate delivery (acknowledged without work) on the running phase 2, against an
 * empty node:http handler answering the same bodies at the same concurrency.
 */
export async function benchDuplicatePushes(bench: BenchCluster, gameDate: string, options = { inFlight: 16, roundMs: 1000, rounds: 3 }): Promise<BenchFigure[]> {
  const url = `${bench.cluster.serviceUrl('phase2-raw')}/pubsub`;
  const body = envelope(`bench-duplicate-${Date.now()}`, gameDate);
  const first = await post(url, body);
  if (first !== 200) throw new Error(`the first delivery of the bench message answered ${first}, not 200`);
  const floor = await emptyHandler();
  try {
    await throughput(floor.url, body, options.inFlight, 300);
    await throughput(url, body, options.inFlight, 300);
    // Rounds alternate between the floor and the subject so a neighbour's burst on the shared machine hits both.
    const emptyRates: number[] = [];
    const duplicateRates: number[] = [];
    for (let round = 0; round < options.rounds; round += 1) {
      emptyRates.push((await throughput(floor.url, body, options.inFlight, options.roundMs)).perSecond);
      const duplicates = await throughput(url, body, options.inFlight, options.roundMs);
      if (duplicates.statuses.size !== 1 || !duplicates.statuses.has(200)) throw new Error(`duplicate deliveries answered ${[...duplicates.statuses].join(', ')}`);
      duplicateRates.push(duplicates.perSecond);
    }
    const empty = { perSecond: percentile(emptyRates, 0.5)! };
    const duplicates = { perSecond: percentile(duplicateRates, 0.5)! };
    return [
      figure({
        goal: '/pubsub duplicate delivery (acknowledged without work)',
        value: duplicates.perSecond,
        unit: 'msg/s',
        reference: { name: 'empty node:http handler, same bodies', value: empty.perSecond },
        target: { atLeast: 2000 },
        note: `median of ${options.rounds} alternating rounds of ${options.roundMs} ms, ${options.inFlight} in flight over keep-alive connections, client on its own thread`,
      }),
    ];
  } finally {
    await floor.close();
  }
}
