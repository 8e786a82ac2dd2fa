#!/usr/bin/env bash
# asl-local against 899 executions recorded on real AWS (../shared/conformance/localstack-sfn):
# fails when fewer than MIN agree. Two cases depend on the wall clock or on the machine type
# (see that folder's README), so the bar is 897, not 899.
set -euo pipefail
MIN=${LOCALSTACK_MIN_AGREE:-897}
check=../shared/conformance/localstack-sfn/check.py
if [ ! -f "$check" ]; then
  echo "skipped: $check is absent"
  exit 0
fi
cargo build -q --release -p asl-cli
out=$(python3 "$check" target/release/asl --jobs 2 --out target/localstack-disagreements.txt)
echo "$out" | tail -16
agree=$(echo "$out" | sed -n 's/^localstack cases: \([0-9]*\)\/[0-9]* agree$/\1/p')
if [ -z "$agree" ]; then
  echo "could not read the agreement count"
  exit 1
fi
if [ "$agree" -lt "$MIN" ]; then
  echo "asl-local agrees with AWS on $agree cases, fewer than $MIN: see target/localstack-disagreements.txt"
  cat target/localstack-disagreements.txt
  exit 1
fi
echo "asl-local agrees with AWS on $agree cases (at least $MIN required)"
