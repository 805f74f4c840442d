import { SERVICE_NAMES, ServiceName, TOPOLOGY } from '@lib/messaging';
import { bigQueryCommands } from '../bigquery/bigquery-commands';
import { CLOUD_RUN_SERVICES, cloudRunDeployCommand, cloudRunSpecOf, invokerBindingCommand, secretNames } from '../cloud-run/cloud-run-services';
import { pubsubTopologyCommands } from '../pubsub/pubsub-topology.commands';
import { SCHEDULER_JOBS, schedulerJobCommand, schedulerJobExistsCommand } from '../scheduler/scheduler-jobs';
import { comment, DeployStep, run, ShellCommand } from '../shell/shell-command';
import {
  ARTIFACT_REPOSITORY,
  checkDeployTarget,
  DeployTarget,
  imageOf,
  PROJECT_NUMBER_VARIABLE,
  pushInvokerServiceAccount,
  runtimeServiceAccount,
  schedulerInvokerServiceAccount,
  serviceUrl,
} from '../target/deploy-target';

/** Where the printed script finds the rollout verifier (deploy.sh builds dist/ before running it). */
export const VERIFY_ROLLOUT_SCRIPT = 'dist/deploy/rollout/verify-rollout.main.js';

const REQUIRED_APIS = [
  'run.googleapis.com',
  'pubsub.googleapis.com',
  'cloudscheduler.googleapis.com',
  'bigquery.googleapis.com',
  'storage.googleapis.com',
  'artifactregistry.googleapis.com',
  'cloudbuild.googleapis.com',
  'secretmanager.googleapis.com',
  'iam.googleapis.com',
];

/** What every service's runtime identity may do on the project. */
const RUNTIME_PROJECT_ROLES = ['roles/bigquery.dataEditor', 'roles/bigquery.jobUser', 'roles/pubsub.publisher'];

/**
 * The steps of a deploy, in order. `all` is a first deploy from nothing and safe to re-run (every
 * creation is guarded by a describe); one service is: check, build the image, deploy, verify.
 */
export function deployPlan(targetInput: DeployTarget, selection: ServiceName | 'all'): DeployStep[] {
  const target = checkDeployTarget(targetInput);
  const services: readonly ServiceName[] = selection === 'all' ? SERVICE_NAMES : [selection];
  const steps: DeployStep[] = [
    comment(`deploy ${selection} at ${target.commit} to project ${target.projectId}, region ${target.region}`),
    comment('pre-deploy check: typecheck, build, boot every service on the embedded defaults'),
    run(['npm', 'run', 'predeploy']),
    { kind: 'assign', variable: PROJECT_NUMBER_VARIABLE, command: ['gcloud', 'projects', 'describe', target.projectId, '--format=value(projectNumber)'] },
  ];
  if (selection === 'all') steps.push(...foundationSteps(target), ...bigQuerySteps(target), ...topicSteps(target));
  steps.push(comment(`image ${imageOf(target)}`), run(buildImageCommand(target)));
  steps.push(comment('Cloud Run services, labelled with the commit; each must serve it before the next step'));
  for (const service of services) {
    steps.push(run(cloudRunDeployCommand(target, cloudRunSpecOf(service))), run(verifyRolloutCommand(target, service)));
  }
  if (selection === 'all') steps.push(...invokerSteps(target), ...subscriptionSteps(target), ...schedulerSteps(target));
  return steps;
}

export function buildImageCommand(target: DeployTarget): ShellCommand {
  return [
    'gcloud',
    'builds',
    'submit',
    '--config=deploy/cloudbuild.yaml',
    `--substitutions=_IMAGE=${imageOf(target)},_GIT_COMMIT=${target.commit}`,
    `--project=${target.projectId}`,
    '.',
  ];
}

/** Waits for /health/ready of the service's URL, then requires /version to report the deployed commit. */
export function verifyRolloutCommand(target: DeployTarget, service: ServiceName): ShellCommand {
  return [
    'ROLLOUT_ID_TOKEN=$(gcloud auth print-identity-token)',
    'node',
    VERIFY_ROLLOUT_SCRIPT,
    `--service=${service}`,
    `--url=${serviceUrl(target, service)}`,
    `--commit=${target.commit}`,
  ];
}

function serviceAccountStep(target: DeployTarget, email: string, displayName: string): DeployStep {
  const id = email.slice(0, email.indexOf('@'));
  return run(
    ['gcloud', 'iam', 'service-accounts', 'create', id, `--display-name=${displayName}`, `--project=${target.projectId}`],
    ['gcloud', 'iam', 'service-accounts', 'describe', email, `--project=${target.projectId}`],
  );
}

function foundationSteps(target: DeployTarget): DeployStep[] {
  const project = `--project=${target.projectId}`;
  const steps: DeployStep[] = [
    comment('project foundation: APIs, image repository, payload bucket, identities, secrets'),
    run(['gcloud', 'services', 'enable', ...REQUIRED_APIS, project]),
    run(
      ['gcloud', 'artifacts', 'repositories', 'create', ARTIFACT_REPOSITORY, '--repository-format=docker', `--location=${target.region}`, project],
      ['gcloud', 'artifacts', 'repositories', 'describe', ARTIFACT_REPOSITORY, `--location=${target.region}`, project],
    ),
    run(
      ['gcloud', 'storage', 'buckets', 'create', `gs://${target.bucket}`, `--location=${target.region}`, '--uniform-bucket-level-access', project],
      ['gcloud', 'storage', 'buckets', 'describe', `gs://${target.bucket}`, project],
    ),
    serviceAccountStep(target, pushInvokerServiceAccount(target), 'Pub/Sub push invoker'),
    serviceAccountStep(target, schedulerInvokerServiceAccount(target), 'Cloud Scheduler invoker'),
  ];
  steps.push(comment('secrets are created empty: the version check stops the deploy until an operator adds each value (gcloud secrets versions add)'));
  for (const secret of secretNames()) {
    steps.push(
      run(['gcloud', 'secrets', 'create', secret, '--replication-policy=automatic', project], ['gcloud', 'secrets', 'describe', secret, project]),
      run(['gcloud', 'secrets', 'versions', 'describe', 'latest', `--secret=${secret}`, project]),
    );
  }
  for (const spec of CLOUD_RUN_SERVICES) {
    const member = `--member=serviceAccount:${runtimeServiceAccount(target, spec.service)}`;
    steps.push(serviceAccountStep(target, runtimeServiceAccount(target, spec.service), `${spec.service} runtime`));
    for (const role of RUNTIME_PROJECT_ROLES) {
      steps.push(run(['gcloud', 'projects', 'add-iam-policy-binding', target.projectId, member, `--role=${role}`, '--condition=None']));
    }
    steps.push(run(['gcloud', 'storage', 'buckets', 'add-iam-policy-binding', `gs://${target.bucket}`, member, '--role=roles/storage.objectAdmin', project]));
    for (const secret of Object.values(spec.secrets)) {
      steps.push(run(['gcloud', 'secrets', 'add-iam-policy-binding', secret, member, '--role=roles/secretmanager.secretAccessor', project]));
    }
  }
  return steps;
}

function bigQuerySteps(target: DeployTarget): DeployStep[] {
  return [comment('BigQuery datasets and tables, from the warehouse table declarations'), ...bigQueryCommands(target).map((command) => run(command))];
}

function topologyCommands(target: DeployTarget): ShellCommand[] {
  const serviceUrls = Object.fromEntries(SERVICE_NAMES.map((service) => [service, serviceUrl(target, service)]));
  return pubsubTopologyCommands({ serviceUrls, pushInvokerServiceAccount: pushInvokerServiceAccount(target), projectId: target.projectId });
}

function topicSteps(target: DeployTarget): DeployStep[] {
  const project = `--project=${target.projectId}`;
  const topics = topologyCommands(target).filter((command) => command[2] === 'topics');
  const deadLetterTopics = TOPOLOGY.map((topic) => topic.deadLetterTopic);
  return [
    comment('Pub/Sub topics and dead-letter topics, from libs/messaging/src/topology/topology.ts'),
    ...topics.map((command) => run(command, ['gcloud', 'pubsub', 'topics', 'describe', command[4], project])),
    comment('a pull subscription keeps what reaches a dead-letter topic (a topic without one drops it)'),
    ...deadLetterTopics.map((topic) =>
      run(
        ['gcloud', 'pubsub', 'subscriptions', 'create', `${topic}-sub`, `--topic=${topic}`, '--message-retention-duration=7d', project],
        ['gcloud', 'pubsub', 'subscriptions', 'describe', `${topic}-sub`, project],
      ),
    ),
  ];
}

function invokerSteps(target: DeployTarget): DeployStep[] {
  const pushed = SERVICE_NAMES.filter((service) => TOPOLOGY.some((topic) => topic.subscriptions.some((subscription) => subscription.service === service)));
  const scheduled = [...new Set(SCHEDULER_JOBS.map((job) => job.service))];
  return [
    comment('who may invoke the services: the push invoker and the scheduler invoker'),
    ...pushed.map((service) => run(invokerBindingCommand(target, service, pushInvokerServiceAccount(target)))),
    ...scheduled.map((service) => run(invokerBindingCommand(target, service, schedulerInvokerServiceAccount(target)))),
  ];
}

function subscriptionSteps(target: DeployTarget): DeployStep[] {
  const project = `--project=${target.projectId}`;
  const pubsubAgent = `serviceAccount:service-\${${PROJECT_NUMBER_VARIABLE}}@gcp-sa-pubsub.iam.gserviceaccount.com`;
  const subscriptions = topologyCommands(target).filter((command) => command[2] === 'subscriptions');
  return [
    comment('push subscriptions (OIDC, ack deadline, retry backoff, dead-lettering)'),
    ...subscriptions.map((command) => run(command, ['gcloud', 'pubsub', 'subscriptions', 'describe', command[4], project])),
    comment('the Pub/Sub service agent must publish to dead-letter topics and ack the source subscriptions, or dead-lettering silently does not happen'),
    ...TOPOLOGY.flatMap((topic) => [
      run(['gcloud', 'pubsub', 'topics', 'add-iam-policy-binding', topic.deadLetterTopic, `--member=${pubsubAgent}`, '--role=roles/pubsub.publisher', project]),
      ...topic.subscriptions.map((subscription) =>
        run(['gcloud', 'pubsub', 'subscriptions', 'add-iam-policy-binding', subscription.name, `--member=${pubsubAgent}`, '--role=roles/pubsub.subscriber', project]),
      ),
    ]),
  ];
}

function schedulerSteps(target: DeployTarget): DeployStep[] {
  return [
    comment('Cloud Scheduler jobs (deploy/scheduler/scheduler-jobs.ts)'),
    ...SCHEDULER_JOBS.map((job) => run(schedulerJobCommand(target, job), schedulerJobExistsCommand(target, job))),
  ];
}
