#!/usr/bin/env bash
# CloudFormation oracle: package a serverless-step-functions service offline and check
# that every state machine's DefinitionString is its serverless.yml definition.
#
#   .ci/oracles/serverless-check.sh SERVICE_DIR
#
# SERVICE_DIR holds a serverless.yml (plugins: [serverless-step-functions]). It is copied
# to a temporary directory (the original is never written to), and there:
#   1. `serverless print --format json`   -> the config with variables resolved
#   2. `serverless package --package OUT` -> OUT/cloudformation-template-update-stack.json
#   3. serverless-check-template.js compares the two (see that file for what it undoes).
# Offline, no AWS credentials needed. HOME points into the temporary directory, so
# ~/.serverlessrc and friends of the user are not touched. Closes with
# `serverless: N passed, N failed`; exit 1 on any failure, 2 on a usage error.
# Needs: npm ci --prefix .ci/sls --no-audit --no-fund
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sls="$here/../sls/node_modules/.bin/serverless"

if [ $# -ne 1 ]; then
  echo "usage: $0 SERVICE_DIR" >&2
  exit 2
fi
dir=$1
if [ ! -f "$dir/serverless.yml" ] && [ ! -f "$dir/serverless.yaml" ]; then
  echo "FAIL $dir: no serverless.yml"
  echo "serverless: 0 passed, 1 failed"
  exit 1
fi
if [ ! -x "$sls" ]; then
  echo "serverless-check.sh: $sls is missing; run: npm ci --prefix .ci/sls --no-audit --no-fund" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/serverless-check.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/home" "$tmp/svc"
cp -a "$dir/." "$tmp/svc/"
rm -rf "$tmp/svc/.serverless"

export HOME="$tmp/home"
export SLS_TELEMETRY_DISABLED=1 SLS_TRACKING_DISABLED=1 SLS_NOTIFICATIONS_MODE=off

run() {  # run STEP_NAME LOG CMD...: on failure show the log and close with the summary line
  local step=$1 log=$2; shift 2
  if ! (cd "$tmp/svc" && "$@" </dev/null) >"$log" 2>"$log.err"; then
    echo "FAIL $dir: serverless $step failed:"
    sed 's/^/    /' "$log.err" "$log" | tail -n 40
    echo "serverless: 0 passed, 1 failed"
    exit 1
  fi
}
run print "$tmp/config.json" "$sls" print --format json
run package "$tmp/package.log" "$sls" package --package "$tmp/out"

echo "service $dir:"
node "$here/serverless-check-template.js" "$tmp/config.json" "$tmp/out/cloudformation-template-update-stack.json"
