#!/usr/bin/env bash
# First-deploy Pub/Sub wiring, generated from the single declaration in
# libs/messaging/src/topology/topology.ts (via dist/deploy/print-pubsub-commands.js).
#
# Covered now: printing (--dry-run) the gcloud commands that create every topic, its dead-letter
# topic, and every OIDC-authenticated push subscription with dead-lettering and retry backoff.
#
# NOT yet covered (a later issue), so do not treat this as a deploy:
#   - applying the commands (only --dry-run exists; `create` is also not idempotent on re-runs)
#   - building/pushing the image and `gcloud run deploy` of the five services
#   - the push invoker service account and its roles/run.invoker on each service
#   - the Pub/Sub service agent's roles: publisher on the dead-letter topics, subscriber on the
#     subscriptions (without them dead-lettering silently does not happen)
#   - subscriptions on the dead-letter topics (a topic without one drops what it receives)
#   - the GCS bucket, BigQuery datasets/tables, Cloud Scheduler jobs, secrets
set -euo pipefail

usage() {
  cat <<USAGE
usage: deploy/deploy.sh --dry-run [--project ID] [--region REGION] [--invoker-sa EMAIL]
  --project     GCP project (default: \$PROJECT_ID)
  --region      Cloud Run region, for the service URL lookups (default: \$REGION)
  --invoker-sa  service account Pub/Sub pushes as
                (default: \$PUSH_INVOKER_SA, else pubsub-push-invoker@<project>.iam.gserviceaccount.com)
Requires a build first: npm run build
USAGE
}

dry_run=0
project="${PROJECT_ID:-}"
region="${REGION:-}"
invoker_sa="${PUSH_INVOKER_SA:-}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    --project) project="${2:?--project needs a value}"; shift 2 ;;
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --invoker-sa) invoker_sa="${2:?--invoker-sa needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deploy.sh: unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done

if [[ "$dry_run" -ne 1 ]]; then
  echo "deploy.sh: only --dry-run is implemented; applying changes comes in a later issue" >&2
  exit 2
fi
if [[ -z "$project" || -z "$region" ]]; then
  echo "deploy.sh: set --project/PROJECT_ID and --region/REGION (got project='${project}', region='${region}')" >&2
  exit 2
fi
invoker_sa="${invoker_sa:-pubsub-push-invoker@${project}.iam.gserviceaccount.com}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
printer="${repo_root}/dist/deploy/print-pubsub-commands.js"
if [[ ! -f "$printer" ]]; then
  echo "deploy.sh: ${printer} is missing; run 'npm run build' first" >&2
  exit 1
fi

echo "# deploy.sh --dry-run: project=${project} region=${region} invoker=${invoker_sa}"
node "$printer" --project "$project" --region "$region" --invoker-sa "$invoker_sa"
