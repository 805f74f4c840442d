import { ServiceName, TOPOLOGY } from '@lib/messaging';
import { PlatformConfig } from '@lib/platform';
import { ShellCommand } from '../shell/shell-command';
import { DeployTarget, imageOf, pushInvokerServiceAccount, runtimeServiceAccount, serviceUrl } from '../target/deploy-target';

/** A setting the services read; the env below is typed by it, so a renamed setting fails typecheck. */
export type PlatformSetting = Exclude<keyof PlatformConfig, 'usesGoogleCloud' | 'dataDirectory' | 'duckdbPath' | 'objectStoreRoot'>;

export interface CloudRunServiceSpec {
  service: ServiceName;
  cpu: number;
  memoryMiB: number;
  /** Requests one instance serves at once. */
  concurrency: number;
  /** Request timeout; a push-driven service must answer within its subscriptions' ack deadline. */
  timeoutSeconds: number;
  minInstances: number;
  maxInstances: number;
  /** Settings for this service only, on top of the production settings every service gets. */
  env: Partial<Record<PlatformSetting, string>>;
  /** Settings read from Secret Manager: setting → secret name (latest version). */
  secrets: Partial<Record<PlatformSetting, string>>;
}

/**
 * Sizing per phase. Phase 1 runs with one instance at most because its rate limiters and circuit
 * breakers are per process: a second instance would double every upstream's request rate. Phase 5
 * too: its runs are serialized in the process, so that no date is predicted while an earlier date of
 * its season is being rewritten and restated (predictions-phase.handler.ts). Phases 2–5
 * are push-driven, so their timeout stays within the ack deadline (600 s) or Pub/Sub redelivers a
 * message that is still being worked on.
 */
export const CLOUD_RUN_SERVICES: readonly CloudRunServiceSpec[] = [
  {
    service: 'phase1-scrapers',
    cpu: 1,
    memoryMiB: 1024,
    concurrency: 4,
    timeoutSeconds: 1800,
    minInstances: 0,
    maxInstances: 1,
    env: {},
    secrets: { BALLDONTLIE_API_KEY: 'balldontlie-api-key', ODDS_API_KEY: 'odds-api-key', NBA_PROXY_URL: 'nba-proxy-url', ALERT_WEBHOOK_URL: 'alert-webhook-url' },
  },
  { service: 'phase2-raw', cpu: 1, memoryMiB: 1024, concurrency: 8, timeoutSeconds: 540, minInstances: 0, maxInstances: 10, env: {}, secrets: { ALERT_WEBHOOK_URL: 'alert-webhook-url' } },
  { service: 'phase3-analytics', cpu: 2, memoryMiB: 2048, concurrency: 4, timeoutSeconds: 540, minInstances: 0, maxInstances: 5, env: {}, secrets: { ALERT_WEBHOOK_URL: 'alert-webhook-url' } },
  { service: 'phase4-precompute', cpu: 2, memoryMiB: 2048, concurrency: 2, timeoutSeconds: 540, minInstances: 0, maxInstances: 5, env: {}, secrets: { ALERT_WEBHOOK_URL: 'alert-webhook-url' } },
  { service: 'phase5-predictions', cpu: 2, memoryMiB: 2048, concurrency: 2, timeoutSeconds: 540, minInstances: 0, maxInstances: 1, env: {}, secrets: { ALERT_WEBHOOK_URL: 'alert-webhook-url' } },
];

export function cloudRunSpecOf(service: ServiceName): CloudRunServiceSpec {
  const spec = CLOUD_RUN_SERVICES.find((candidate) => candidate.service === service);
  if (!spec) throw new Error(`deploy/cloud-run: no Cloud Run definition for service ${service}`);
  return spec;
}

/** Every secret name any service reads, once. */
export function secretNames(): string[] {
  return [...new Set(CLOUD_RUN_SERVICES.flatMap((spec) => Object.values(spec.secrets)))];
}

/** The environment a service runs with in production: Google adapters, JSON logs, push auth on. */
export function productionEnvironment(target: DeployTarget, spec: CloudRunServiceSpec): Record<string, string> {
  const pushed = TOPOLOGY.some((topic) => topic.subscriptions.some((subscription) => subscription.service === spec.service));
  const settings: Partial<Record<PlatformSetting, string>> = {
    WAREHOUSE_ENGINE: 'bigquery',
    MESSAGING: 'pubsub',
    OBJECT_STORE: 'gcs',
    GCP_PROJECT: target.projectId,
    BIGQUERY_LOCATION: target.bigQueryLocation,
    GCS_BUCKET: target.bucket,
    LOG_FORMAT: 'json',
    ...(pushed ? { PUSH_AUDIENCE: serviceUrl(target, spec.service), PUSH_SERVICE_ACCOUNT: pushInvokerServiceAccount(target) } : {}),
    ...spec.env,
  };
  // SERVICE is read by the image's entry point (apps/main.ts), not by PlatformConfig.
  return { SERVICE: spec.service, ...settings };
}

/** `gcloud run deploy` of one service from the commit's image, labelled with the commit. */
export function cloudRunDeployCommand(target: DeployTarget, spec: CloudRunServiceSpec): ShellCommand {
  const env = Object.entries(productionEnvironment(target, spec));
  for (const [name, value] of env) {
    if (value.includes(',')) throw new Error(`deploy/cloud-run: ${spec.service} setting ${name} holds a comma, which --set-env-vars cannot carry`);
  }
  const secrets = Object.entries(spec.secrets);
  return [
    'gcloud',
    'run',
    'deploy',
    spec.service,
    `--image=${imageOf(target)}`,
    `--region=${target.region}`,
    `--service-account=${runtimeServiceAccount(target, spec.service)}`,
    `--cpu=${spec.cpu}`,
    `--memory=${spec.memoryMiB}Mi`,
    `--concurrency=${spec.concurrency}`,
    `--timeout=${spec.timeoutSeconds}`,
    `--min-instances=${spec.minInstances}`,
    `--max-instances=${spec.maxInstances}`,
    '--no-allow-unauthenticated',
    `--set-env-vars=${env.map(([name, value]) => `${name}=${value}`).join(',')}`,
    ...(secrets.length > 0 ? [`--set-secrets=${secrets.map(([name, secret]) => `${name}=${secret}:latest`).join(',')}`] : []),
    `--labels=commit=${target.commit},service=${spec.service}`,
    `--project=${target.projectId}`,
  ];
}

/** Lets an invoker identity (push or scheduler) call a service that refuses unauthenticated requests. */
export function invokerBindingCommand(target: DeployTarget, service: ServiceName, member: string): ShellCommand {
  return [
    'gcloud',
    'run',
    'services',
    'add-iam-policy-binding',
    service,
    `--region=${target.region}`,
    `--member=serviceAccount:${member}`,
    '--role=roles/run.invoker',
    `--project=${target.projectId}`,
  ];
}
