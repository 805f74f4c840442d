import { spawnSync } from 'node:child_process';
import { SERVICE_NAMES, TOPOLOGY } from '@lib/messaging';
import { ALL_TABLES, DATASETS } from '@lib/warehouse';
import { SCHEDULER_JOBS } from '../scheduler/scheduler-jobs';
import { recordingStubs } from '../testing/temporary-build';
import { printDeployPlan } from './deploy-plan.main';

const COMMIT = '4f1c2a9b8e7d6c5b4a39281706f5e4d3c2b1a098';
const ARGS = ['--project', 'nba-props', '--region', 'us-west2', '--commit', COMMIT, '--bucket', 'nba-props-raw'];
const URL_OF = (service: string) => `https://${service}-123456789.us-west2.run.app`;

/** Runs the printed script with recording stand-ins for gcloud, bq, npm and node: what each really receives. */
function execute(script: string): string[][] {
  const stubs = recordingStubs();
  const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], { env: { ...process.env, PATH: `${stubs.binDir}:${process.env.PATH}` }, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the printed script failed (${result.status}): ${result.stderr}`);
  return stubs.calls();
}

const flag = (call: string[], name: string) => call.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3);

describe('deploy plan for all services (a first deploy from nothing)', () => {
  const script = printDeployPlan(['all', ...ARGS]);
  const lines = script.split('\n');
  const calls = execute(script);
  const creates = (program: string, ...words: string[]) =>
    calls.filter((call) => call[0] === program && words.every((word, index) => call[index + 1] === word));
  const indexOf = (predicate: (call: string[]) => boolean) => calls.findIndex(predicate);

  it('is valid shell, every line a comment or one command', () => {
    expect(spawnSync('bash', ['-n', '-c', script]).status).toBe(0);
    expect(lines.every((line) => line.startsWith('#') || /^(npm|gcloud|bq|PROJECT_NUMBER=|ROLLOUT_ID_TOKEN=)/.test(line))).toBe(true);
  });

  it('checks first, and learns the project number before any URL is needed', () => {
    expect(calls[0]).toEqual(['npm', 'run', 'predeploy']);
    expect(calls[1]).toEqual(['gcloud', 'projects', 'describe', 'nba-props', '--format=value(projectNumber)']);
  });

  it('creates every dataset and every declared table in BigQuery, from the table declarations', () => {
    const statements = calls.filter((call) => call[0] === 'bq').map((call) => call[call.length - 1]);
    expect(statements.filter((sql) => sql.startsWith('CREATE SCHEMA'))).toEqual(DATASETS.map((dataset) => `CREATE SCHEMA IF NOT EXISTS ${dataset} OPTIONS(location="US")`));
    for (const table of ALL_TABLES) {
      expect(statements.filter((sql) => sql.startsWith(`CREATE TABLE IF NOT EXISTS ${table.dataset}.${table.name} (`))).toHaveLength(1);
    }
    expect(calls.find((call) => call[0] === 'bq')!.slice(0, 4)).toEqual(['bq', '--project_id=nba-props', '--location=US', 'query']);
  });

  it('creates each topic and its dead-letter topic once, with a subscription keeping the dead letters', () => {
    const topics = creates('gcloud', 'pubsub', 'topics', 'create').map((call) => call[4]);
    expect(topics.sort()).toEqual(TOPOLOGY.flatMap((topic) => [topic.name, topic.deadLetterTopic]).sort());
    const deadLetterSubscriptions = creates('gcloud', 'pubsub', 'subscriptions', 'create').filter((call) => call[4].endsWith('-dlq-sub'));
    expect(deadLetterSubscriptions.map((call) => flag(call, 'topic')).sort()).toEqual(TOPOLOGY.map((topic) => topic.deadLetterTopic).sort());
  });

  it('deploys every service from the commit image with the commit label, then verifies it serves that commit', () => {
    for (const service of SERVICE_NAMES) {
      const deployAt = indexOf((call) => call[0] === 'gcloud' && call[1] === 'run' && call[2] === 'deploy' && call[3] === service);
      const deploy = calls[deployAt];
      expect(flag(deploy, 'image')).toBe(`us-west2-docker.pkg.dev/nba-props/nba-props/platform:${COMMIT}`);
      expect(flag(deploy, 'labels')).toBe(`commit=${COMMIT},service=${service}`);
      expect(flag(deploy, 'service-account')).toBe(`nba-${service}@nba-props.iam.gserviceaccount.com`);
      expect(deploy).toContain('--no-allow-unauthenticated');
      expect(calls[deployAt + 1]).toEqual(['gcloud', 'auth', 'print-identity-token']);
      expect(calls[deployAt + 2]).toEqual([
        'node',
        'dist/deploy/rollout/verify-rollout.main.js',
        `--service=${service}`,
        `--url=${URL_OF(service)}`,
        `--commit=${COMMIT}`,
      ]);
    }
    const build = indexOf((call) => call[1] === 'builds' && call[2] === 'submit');
    expect(flag(calls[build], 'substitutions')).toBe(`_IMAGE=us-west2-docker.pkg.dev/nba-props/nba-props/platform:${COMMIT},_GIT_COMMIT=${COMMIT}`);
    expect(build).toBeLessThan(indexOf((call) => call[1] === 'run' && call[2] === 'deploy'));
  });

  it('pushes each subscription to its service with the same audience the service checks', () => {
    const env = (service: string) => {
      const deploy = creates('gcloud', 'run', 'deploy', service)[0];
      return Object.fromEntries(flag(deploy, 'set-env-vars')!.split(',').map((pair) => pair.split('=', 2) as [string, string]));
    };
    for (const topic of TOPOLOGY) {
      for (const subscription of topic.subscriptions) {
        const [call] = creates('gcloud', 'pubsub', 'subscriptions', 'create', subscription.name);
        expect(flag(call, 'topic')).toBe(topic.name);
        expect(flag(call, 'push-endpoint')).toBe(`${URL_OF(subscription.service)}${subscription.pushPath}`);
        expect(flag(call, 'push-auth-token-audience')).toBe(env(subscription.service).PUSH_AUDIENCE);
        expect(flag(call, 'push-auth-service-account')).toBe(env(subscription.service).PUSH_SERVICE_ACCOUNT);
        expect(flag(call, 'dead-letter-topic')).toBe(topic.deadLetterTopic);
      }
    }
  });

  it('creates every declared scheduler job with an OIDC token for its service', () => {
    for (const job of SCHEDULER_JOBS) {
      const [call] = creates('gcloud', 'scheduler', 'jobs', 'create', 'http', job.name);
      expect(flag(call, 'uri')).toBe(`${URL_OF(job.service)}${job.path}`);
      expect(flag(call, 'schedule')).toBe(job.schedule);
      expect(flag(call, 'oidc-service-account-email')).toBe('nba-scheduler-invoker@nba-props.iam.gserviceaccount.com');
      expect(flag(call, 'oidc-token-audience')).toBe(URL_OF(job.service));
    }
  });

  it('orders the first deploy: tables, topics, image, services, invokers, subscriptions, scheduler jobs', () => {
    const firstIndex = (predicate: (call: string[]) => boolean) => {
      const found = indexOf(predicate);
      expect(found).toBeGreaterThanOrEqual(0);
      return found;
    };
    const order = [
      firstIndex((call) => call[0] === 'bq'),
      firstIndex((call) => call[2] === 'topics' && call[3] === 'create'),
      firstIndex((call) => call[1] === 'builds'),
      firstIndex((call) => call[1] === 'run' && call[2] === 'deploy'),
      firstIndex((call) => call[2] === 'services' && call[3] === 'add-iam-policy-binding'),
      firstIndex((call) => call[2] === 'subscriptions' && call[3] === 'create' && !call[4].endsWith('-dlq-sub')),
      firstIndex((call) => call[1] === 'scheduler' && call[3] === 'create'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('guards every creation so a re-run creates nothing twice', () => {
    const creations = lines.filter((line) => / (create|create http) /.test(line) && !line.startsWith('#'));
    expect(creations.length).toBeGreaterThan(20);
    for (const line of creations) expect(line).toMatch(/ (describe|show) .* >\/dev\/null 2>&1 \|\| /);
  });
});

describe('deploy plan for one service', () => {
  it('checks, builds the image, deploys that service and verifies it, and nothing else', () => {
    const calls = execute(printDeployPlan(['phase3-analytics', ...ARGS]));
    expect(calls.map((call) => call.slice(0, 4).join(' '))).toEqual([
      'npm run predeploy',
      'gcloud projects describe nba-props',
      'gcloud builds submit --config=deploy/cloudbuild.yaml',
      'gcloud run deploy phase3-analytics',
      'gcloud auth print-identity-token',
      `node dist/deploy/rollout/verify-rollout.main.js --service=phase3-analytics --url=${URL_OF('phase3-analytics')}`,
    ]);
  });
});

describe('printDeployPlan input', () => {
  it('names what is wrong', () => {
    expect(() => printDeployPlan(['phase9', ...ARGS])).toThrow('name one service or "all" (got "phase9")');
    expect(() => printDeployPlan(['all', '--region', 'us-west2'])).toThrow('--project is required');
    expect(() => printDeployPlan(['all', ...ARGS.slice(0, 4), '--commit', 'abc123', '--bucket', 'b-raw'])).toThrow(
      'commit "abc123" is not a full 40-character git sha',
    );
    expect(() => printDeployPlan(['all', '--project', 'NBA', '--region', 'us-west2', '--commit', COMMIT, '--bucket', 'nba-props-raw'])).toThrow(
      'projectId "NBA" is not a Google Cloud project id',
    );
  });
});
