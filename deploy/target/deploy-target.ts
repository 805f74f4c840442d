import { ServiceName } from '@lib/messaging';

/** Where a deploy goes and what it ships; every name below derives from these. */
export interface DeployTarget {
  projectId: string;
  region: string;
  /** The full git sha being deployed: baked into the image, set as the revision label, checked on /version. */
  commit: string;
  /** BigQuery dataset location (the services' BIGQUERY_LOCATION). */
  bigQueryLocation: string;
  /** Bucket of the raw scraper payloads (the services' GCS_BUCKET). */
  bucket: string;
}

/** The shell variable the printed script fills with `gcloud projects describe` before anything needs it. */
export const PROJECT_NUMBER_VARIABLE = 'PROJECT_NUMBER';

const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const REGION = /^[a-z]+-[a-z]+\d$/;
const COMMIT = /^[0-9a-f]{40}$/;

/** Checks a target once, naming the field, before any command is generated from it. */
export function checkDeployTarget(target: DeployTarget): DeployTarget {
  const problems = [
    PROJECT_ID.test(target.projectId) ? null : `projectId ${JSON.stringify(target.projectId)} is not a Google Cloud project id`,
    REGION.test(target.region) ? null : `region ${JSON.stringify(target.region)} is not a region such as us-west2`,
    COMMIT.test(target.commit) ? null : `commit ${JSON.stringify(target.commit)} is not a full 40-character git sha`,
    target.bigQueryLocation ? null : 'bigQueryLocation is empty',
    /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/.test(target.bucket) ? null : `bucket ${JSON.stringify(target.bucket)} is not a bucket name`,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) throw new Error(`deploy target: ${problems.join('; ')}`);
  return target;
}

/**
 * A Cloud Run service's deterministic URL. It is known before the service exists, so the service's
 * own PUSH_AUDIENCE, the push subscriptions and the scheduler jobs all use this one URL as audience.
 */
export function serviceUrl(target: DeployTarget, service: ServiceName): string {
  return `https://${service}-\${${PROJECT_NUMBER_VARIABLE}}.${target.region}.run.app`;
}

export function runtimeServiceAccount(target: DeployTarget, service: ServiceName): string {
  return `nba-${service}@${target.projectId}.iam.gserviceaccount.com`;
}

/** The identity Pub/Sub signs push OIDC tokens as (PUSH_SERVICE_ACCOUNT on the services). */
export function pushInvokerServiceAccount(target: DeployTarget): string {
  return `nba-push-invoker@${target.projectId}.iam.gserviceaccount.com`;
}

/** The identity Cloud Scheduler signs its OIDC tokens as. */
export function schedulerInvokerServiceAccount(target: DeployTarget): string {
  return `nba-scheduler-invoker@${target.projectId}.iam.gserviceaccount.com`;
}

export const ARTIFACT_REPOSITORY = 'nba-props';

/** One image holds every service (SERVICE picks one at start), tagged with the commit. */
export function imageOf(target: DeployTarget): string {
  return `${target.region}-docker.pkg.dev/${target.projectId}/${ARTIFACT_REPOSITORY}/platform:${target.commit}`;
}
