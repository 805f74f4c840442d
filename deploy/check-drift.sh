#!/usr/bin/env bash
# Lists services whose deployed commit lags their code at HEAD; exits 1 when any does.
#   deploy/check-drift.sh                                  the running local cluster (npm start)
#   deploy/check-drift.sh --project ID --region REGION     Cloud Run: each service's serving revision label
# Other arguments go to the drift command (e.g. --stale-only, --url <service>=<url>). The comparison
# itself is TypeScript (deploy/drift/, tested); this script only reads the Cloud Run labels.
set -euo pipefail

project=""
region=""
passthrough=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) project="${2:?--project needs a value}"; shift 2 ;;
    --region) region="${2:?--region needs a value}"; shift 2 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
# DEPLOY_BUILD_DIR names an existing build to use; otherwise build (under a second).
build_dir="${DEPLOY_BUILD_DIR:-${repo_root}/dist}"
if [[ -z "${DEPLOY_BUILD_DIR:-}" ]]; then node tools/build.js --quiet; fi
drift=(node "${build_dir}/deploy/drift/drift.main.js")

if [[ -n "$project" || -n "$region" ]]; then
  if [[ -z "$project" || -z "$region" ]]; then echo "check-drift.sh: --project and --region go together" >&2; exit 2; fi
  for service in $("${drift[@]}" --list-services); do
    # The revision receiving traffic, and the commit label deploy.sh put on it; 'unknown' when absent.
    revision="$(gcloud run services describe "$service" --region="$region" --project="$project" --format='value(status.traffic[0].revisionName)' 2>/dev/null || true)"
    commit=""
    if [[ -n "$revision" ]]; then
      commit="$(gcloud run revisions describe "$revision" --region="$region" --project="$project" --format='value(metadata.labels.commit)')"
    fi
    passthrough+=(--deployed "${service}=${commit:-unknown}")
  done
fi

exec "${drift[@]}" ${passthrough[@]+"${passthrough[@]}"}
