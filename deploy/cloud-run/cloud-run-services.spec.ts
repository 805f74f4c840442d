import { SERVICE_NAMES, TOPOLOGY } from '@lib/messaging';
import { loadPlatformConfig } from '@lib/platform';
import { DeployTarget } from '../target/deploy-target';
import { CLOUD_RUN_SERVICES, cloudRunDeployCommand, cloudRunSpecOf, productionEnvironment } from './cloud-run-services';

const TARGET: DeployTarget = {
  projectId: 'nba-props',
  region: 'us-west2',
  commit: '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098',
  bigQueryLocation: 'US',
  bucket: 'nba-props-raw',
};

describe('Cloud Run service definitions', () => {
  it('defines every service exactly once', () => {
    expect(CLOUD_RUN_SERVICES.map((spec) => spec.service)).toEqual([...SERVICE_NAMES]);
  });

  it.each(SERVICE_NAMES)('%s gets a production environment the service accepts at start-up', (service) => {
    const env = productionEnvironment(TARGET, cloudRunSpecOf(service));
    // The URL's project number is a shell variable until the script runs.
    const resolved = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value.replace('${PROJECT_NUMBER}', '123456789')]));
    const config = loadPlatformConfig(resolved);

    expect(config).toMatchObject({ WAREHOUSE_ENGINE: 'bigquery', MESSAGING: 'pubsub', OBJECT_STORE: 'gcs', GCP_PROJECT: 'nba-props', GCS_BUCKET: 'nba-props-raw', LOG_FORMAT: 'json' });
    expect(env.SERVICE).toBe(service);
  });

  it('requires a push token on every service a subscription pushes to, and on no other', () => {
    const pushed = new Set(TOPOLOGY.flatMap((topic) => topic.subscriptions.map((subscription) => subscription.service)));
    for (const service of SERVICE_NAMES) {
      const env = productionEnvironment(TARGET, cloudRunSpecOf(service));
      expect([service, env.PUSH_AUDIENCE]).toEqual([service, pushed.has(service) ? `https://${service}-\${PROJECT_NUMBER}.us-west2.run.app` : undefined]);
    }
  });

  it('answers a push within its ack deadline, or Pub/Sub would redeliver work in progress', () => {
    for (const topic of TOPOLOGY) {
      for (const subscription of topic.subscriptions) {
        expect([subscription.name, cloudRunSpecOf(subscription.service).timeoutSeconds <= subscription.ackDeadlineSeconds]).toEqual([subscription.name, true]);
      }
    }
  });

  it('runs phase 1 on one instance at most, since its upstream rate limits are per process', () => {
    expect(cloudRunSpecOf('phase1-scrapers').maxInstances).toBe(1);
  });

  it('deploys with sizing, identity, secrets and the commit label', () => {
    const command = cloudRunDeployCommand(TARGET, cloudRunSpecOf('phase1-scrapers'));

    expect(command.slice(0, 4)).toEqual(['gcloud', 'run', 'deploy', 'phase1-scrapers']);
    expect(command).toEqual(
      expect.arrayContaining([
        '--cpu=1',
        '--memory=1024Mi',
        '--concurrency=4',
        '--timeout=1800',
        '--min-instances=0',
        '--max-instances=1',
        '--service-account=nba-phase1-scrapers@nba-props.iam.gserviceaccount.com',
        '--set-secrets=BALLDONTLIE_API_KEY=balldontlie-api-key:latest,ODDS_API_KEY=odds-api-key:latest,NBA_PROXY_URL=nba-proxy-url:latest,ALERT_WEBHOOK_URL=alert-webhook-url:latest',
        `--labels=commit=${TARGET.commit},service=phase1-scrapers`,
      ]),
    );
    const plainEnv = command.find((argument) => argument.startsWith('--set-env-vars='))!;
    for (const secretSetting of ['BALLDONTLIE_API_KEY', 'ODDS_API_KEY', 'NBA_PROXY_URL']) expect(plainEnv).not.toContain(secretSetting);
  });

  it('refuses a setting value --set-env-vars cannot carry, naming it', () => {
    const spec = { ...cloudRunSpecOf('phase2-raw'), env: { NBA_PROXY_URL: 'http://a,b' } };
    expect(() => cloudRunDeployCommand(TARGET, spec)).toThrow('phase2-raw setting NBA_PROXY_URL holds a comma');
  });
});
