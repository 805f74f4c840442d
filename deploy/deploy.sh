#!/usr/bin/env bash
# Deploys one service or all of them. The commands come from TypeScript (deploy/plan/, tested); this
# script only parses arguments, prints them (--dry-run) or runs them one by one, stopping at the first
# failure. `all` is a first deploy from nothing and safe to re-run: every creation is guarded.
set -euo pipefail

usage() {
  cat <<USAGE
usage: deploy/deploy.sh <phase1-scrapers|phase2-raw|phase3-analytics|phase4-precompute|phase5-predictions|all> [--dry-run]
         [--project ID] [--region REGION] [--bucket NAME] [--bigquery-location LOC]
  --project            GCP project (default: \$PROJECT_ID)
  --region             Cloud Run, Scheduler and Artifact Registry region (default: \$REGION)
  --bucket             bucket of the raw payloads (default: \$GCS_BUCKET, else <project>-raw)
  --bigquery-location  BigQuery dataset location (default: \$BIGQUERY_LOCATION, else US)
  --dry-run            print every command, run none
Steps: pre-deploy check (npm run predeploy), image build at HEAD, gcloud run deploy with the commit as a
label, then wait for /health/ready and require /version to report the commit.
USAGE
}

selection=""
dry_run=0
project="${PROJECT_ID:-}"
region="${REGION:-}"
bucket="${GCS_BUCKET:-}"
bigquery_location="${BIGQUERY_LOCATION:-US}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=1; shift ;;
    --project) project="${2:?--project needs a value}"; shift 2 ;;
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    --bucket) bucket="${2:?--bucket needs a value}"; shift 2 ;;
    --bigquery-location) bigquery_location="${2:?--bigquery-location needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "deploy.sh: unknown option: $1" >&2; usage >&2; exit 2 ;;
    *)
      if [[ -n "$selection" ]]; then echo "deploy.sh: name one service or all (got '$selection' and '$1')" >&2; exit 2; fi
      selection="$1"; shift ;;
  esac
done
if [[ -z "$selection" ]]; then echo "deploy.sh: name a service or all" >&2; usage >&2; exit 2; fi
if [[ -z "$project" || -z "$region" ]]; then
  echo "deploy.sh: set --project/PROJECT_ID and --region/REGION (got project='${project}', region='${region}')" >&2
  exit 2
fi
bucket="${bucket:-${project}-raw}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
commit="$(git rev-parse HEAD)"
if [[ "$dry_run" -ne 1 && -n "$(git status --porcelain)" ]]; then
  echo "deploy.sh: the working tree has uncommitted changes; the image would not be commit ${commit}. Commit or stash first." >&2
  exit 1
fi

# The plan printer is TypeScript: build it first (under a second), unless DEPLOY_BUILD_DIR names a build to use.
build_dir="${DEPLOY_BUILD_DIR:-${repo_root}/dist}"
if [[ -z "${DEPLOY_BUILD_DIR:-}" ]]; then node tools/build.js --quiet; fi
script="$(node "${build_dir}/deploy/plan/deploy-plan.main.js" "$selection" --project "$project" --region "$region" \
  --commit "$commit" --bucket "$bucket" --bigquery-location "$bigquery_location")"

if [[ "$dry_run" -eq 1 ]]; then
  printf '%s\n' "$script"
  exit 0
fi

export CLOUDSDK_CORE_DISABLE_PROMPTS=1
# Each line is echoed unexpanded before it runs, so a token substituted into it is never printed.
while IFS= read -r line <&3; do
  if [[ "$line" == \#* ]]; then echo "$line"; continue; fi
  echo "+ $line"
  if ! eval "$line"; then
    echo "DEPLOY FAILED at: $line" >&2
    echo "deploy.sh: ${selection} at ${commit} is NOT deployed; nothing after this step ran." >&2
    exit 1
  fi
done 3<<<"$script"
echo "deploy.sh: ${selection} deployed at ${commit} and serving it"
