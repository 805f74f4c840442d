import { INestApplication } from '@nestjs/common';
import { generateKeyPairSync, KeyObject, randomUUID, sign } from 'node:crypto';
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

  it('refuses a token signed by another key with 401', async () => {
    const response = await push(`Bearer ${oidcToken(impostorKey.privateKey, 'google-key-1')}`);
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/push token rejected/);
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

  it('leaves health and version open to probes', async () => {
    expect((await fetch(`${baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/version`)).status).toBe(200);
  });
});
