import { INestApplication } from '@nestjs/common';
import { generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { closeInfrastructure, createInfrastructure, createServiceApp, Infrastructure, PushTokenVerifier } from '@lib/platform';
import { phase2RawService } from '../apps/phase2-raw/src/app.module';
import { isolatedConfig, pushEnvelope, scraperCompletion } from './support/test-config';

const AUDIENCE = 'https://phase2-raw-abc123-uc.a.run.app/pubsub';
const PUSH_ACCOUNT = 'pubsub-invoker@nba-props-prod.iam.gserviceaccount.com';

function base64url(value: object | Buffer): string {
  return (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');
}

/** A token shaped like the one Pub/Sub attaches to push requests, signed with the given key. */
function oidcToken(privateKey: KeyObject, kid: string, claims: Record<string, unknown> = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url({ alg: 'RS256', kid, typ: 'JWT' });
  const payload = base64url({
    iss: 'https://accounts.google.com',
    aud: AUDIENCE,
    sub: '1234567890',
    email: PUSH_ACCOUNT,
    email_verified: true,
    iat: now,
    exp: now + 600,
    ...claims,
  });
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

describe('push endpoint with an OIDC audience configured', () => {
  const googleKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const impostorKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let infrastructure: Infrastructure;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const config = await isolatedConfig({ PUSH_AUDIENCE: AUDIENCE, PUSH_SERVICE_ACCOUNT: PUSH_ACCOUNT });
    infrastructure = await createInfrastructure(config);
    const verifier = new PushTokenVerifier({
      audience: AUDIENCE,
      serviceAccountEmail: PUSH_ACCOUNT,
      certificates: async () => ({ 'google-key-1': googleKey.publicKey.export({ type: 'spki', format: 'pem' }).toString() }),
    });
    await infrastructure.objectStore.write(
      'raw/balldontlie/games/2025-11-05/run.json',
      JSON.stringify({
        scraper: 'bdl_games', source: 'balldontlie', endpoint: 'games', game_date: '2025-11-05', game_id: null, fallback_for: null,
        run_id: 'run', fetched_at: '2025-11-06T10:00:00Z', status: 'no_data', records: 0, missing: [], data: { data: [] },
      }),
    );
    app = await createServiceApp(phase2RawService, infrastructure, { pushTokenVerifier: verifier });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });

  const envelope = () =>
    pushEnvelope(
      'nba-phase2-raw-sub',
      scraperCompletion('2025-11-05'),
      randomUUID(),
    );
  const push = (authorization?: string) =>
    fetch(`${baseUrl}/pubsub`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(envelope()),
    });

  it('refuses a push without a token with 401', async () => {
    const response = await push();
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/no Bearer token/);
  });

  it('refuses a token signed by another key with 401, without echoing the token', async () => {
    const token = oidcToken(impostorKey.privateKey, 'google-key-1');
    const response = await push(`Bearer ${token}`);
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).toMatch(/push token rejected/);
    for (const part of [token, ...token.split('.')]) expect(body).not.toContain(part);
  });

  it('refuses a malformed token with 401, without echoing it', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.secret-looking-claims';
    const response = await push(`Bearer ${token}`);
    expect(response.status).toBe(401);
    const body = await response.text();
    for (const part of [token, ...token.split('.')]) expect(body).not.toContain(part);
  });

  it('refuses a Google-signed token for another audience with 401', async () => {
    const response = await push(`Bearer ${oidcToken(googleKey.privateKey, 'google-key-1', { aud: 'https://elsewhere.example/pubsub' })}`);
    expect(response.status).toBe(401);
  });

  it('refuses a Google-signed token issued to another service account with 401', async () => {
    const response = await push(`Bearer ${oidcToken(googleKey.privateKey, 'google-key-1', { email: 'someone@else.iam.gserviceaccount.com' })}`);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/not pubsub-invoker@/);
  });

  it('accepts a valid token from the push service account', async () => {
    const response = await push(`Bearer ${oidcToken(googleKey.privateKey, 'google-key-1')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ outcome: 'processed' });
  });

  it('refuses a redelivery of a processed message id without a valid token too, and answers it as a duplicate with one', async () => {
    const body = JSON.stringify(envelope());
    const deliver = (authorization?: string) =>
      fetch(`${baseUrl}/pubsub`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
    const first = await deliver(`Bearer ${oidcToken(googleKey.privateKey, 'google-key-1')}`);
    expect(await first.json()).toMatchObject({ outcome: 'processed' });

    const unsigned = await deliver();
    expect(unsigned.status).toBe(401);
    expect(await unsigned.text()).toMatch(/no Bearer token/);
    const forged = await deliver(`Bearer ${oidcToken(impostorKey.privateKey, 'google-key-1')}`);
    expect(forged.status).toBe(401);
    const again = await deliver(`Bearer ${oidcToken(googleKey.privateKey, 'google-key-1')}`);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ outcome: 'duplicate', message_id: JSON.parse(body).message.messageId });
  });

  it('leaves health and version open to probes', async () => {
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/version`)).status).toBe(200);
  });
});

describe("push endpoint when Google's signing certificates cannot be fetched", () => {
  let infrastructure: Infrastructure;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    const config = await isolatedConfig({ PUSH_AUDIENCE: AUDIENCE });
    infrastructure = await createInfrastructure(config);
    // The library's own certificate fetch, to an address where nothing answers (this machine has no route to Google either).
    const client = new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: 'http://127.0.0.1:9/oauth2/v1/certs' } });
    const verifier = new PushTokenVerifier({ audience: AUDIENCE, client });
    app = await createServiceApp(phase2RawService, infrastructure, { pushTokenVerifier: verifier });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
    if (infrastructure) await closeInfrastructure(infrastructure);
  });

  it.each([
    ['a forged token', () => oidcToken(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'google-key-1')],
    ['a token of one segment', () => 'not-a-jwt-but-a-secret-looking-string'],
  ])('answers 401, not 500, to %s, and the body never carries the token', async (_label, makeToken) => {
    const token = makeToken();
    const response = await fetch(`${baseUrl}/pubsub`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(pushEnvelope('nba-phase2-raw-sub', scraperCompletion('2025-11-05'), randomUUID())),
    });
    expect(response.status).toBe(401);
    const body = await response.text();
    expect(body).toMatch(/cannot be verified: Google's signing certificates are unreachable/);
    for (const part of [token, ...token.split('.')]) expect(body).not.toContain(part);
  });
});
