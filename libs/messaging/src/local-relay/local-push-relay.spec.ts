import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DeadLetterRepository } from '../dead-letter/dead-letter.repository';
import { LocalPushRelay } from './local-push-relay';

/** A phase 2 stand-in that records the push envelopes it acknowledges. */
async function pushReceiver(): Promise<{ url: string; received: Array<{ subscription: string; messageId: string }>; close: () => Promise<void> }> {
  const received: Array<{ subscription: string; messageId: string }> = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const envelope = JSON.parse(body) as { subscription: string; message: { messageId: string } };
      received.push({ subscription: envelope.subscription, messageId: envelope.message.messageId });
      response.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const noDeadLetters = { record: async () => { throw new Error('nothing should be dead-lettered here'); } } as unknown as DeadLetterRepository;

describe('LocalPushRelay with a queue directory', () => {
  let queueDirectory: string;
  beforeEach(() => {
    queueDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-queue-'));
  });
  afterEach(() => fs.rmSync(queueDirectory, { recursive: true, force: true }));

  it('keeps a delivery on disk until it is acknowledged, so a process that dies first loses nothing: the next one delivers it', async () => {
    // the first process publishes while phase 2 is down, and is killed before it gives up
    const dying = new LocalPushRelay({ endpoints: { 'phase2-raw': 'http://127.0.0.1:9' }, deadLetters: noDeadLetters, maxAttempts: 1_000, initialBackoffMs: 60_000, maxBackoffMs: 60_000, queueDirectory, sleep: () => new Promise(() => undefined) });
    const published = await dying.publish('nba-phase1-scrapers-complete', { game_date: '2025-11-05' });
    expect(fs.readdirSync(queueDirectory).filter((file) => file.endsWith('.json'))).toHaveLength(1);

    const receiver = await pushReceiver();
    try {
      const restarted = new LocalPushRelay({ endpoints: { 'phase2-raw': receiver.url }, deadLetters: noDeadLetters, maxAttempts: 3, initialBackoffMs: 1, maxBackoffMs: 1, queueDirectory });
      expect(restarted.resumePending()).toBe(1);
      await restarted.whenIdle();
      expect(receiver.received).toEqual([{ subscription: 'projects/local/subscriptions/nba-phase2-raw-sub', messageId: published.messageId }]);
      expect(fs.readdirSync(queueDirectory)).toEqual([]);
      expect(restarted.resumePending()).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('sets an unreadable queue file aside for a person instead of delivering or deleting it', () => {
    fs.writeFileSync(path.join(queueDirectory, '000000000000001-x-nba-phase2-raw-sub.json'), '{"topic": "nba-phase1-scr');
    const relay = new LocalPushRelay({ endpoints: {}, deadLetters: noDeadLetters, maxAttempts: 1, initialBackoffMs: 1, maxBackoffMs: 1, queueDirectory });
    expect(relay.resumePending()).toBe(0);
    expect(fs.readdirSync(queueDirectory)).toEqual(['000000000000001-x-nba-phase2-raw-sub.json.unreadable']);
  });
});
