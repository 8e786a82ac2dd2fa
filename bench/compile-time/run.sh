#!/usr/bin/env bash
# Debug vs release build time of one generated #[workflow] with N task calls, each followed
# by an `if` (the architecture issue's measure: release at most 4x debug). The crate is
# written to a temporary directory and depends on the facade (asl-workflow) by path; its
# dependencies are built first so that only the workflow crate itself is timed.
#
# Usage: bench/compile-time/run.sh [CALLS=1000]   (CARGO_TARGET_DIR is honoured)
set -euo pipefail
calls=${1:-1000}
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/src"
cat >"$dir/Cargo.toml" <<TOML
[package]
name = "generated-workflow"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
asl = { package = "asl-workflow", path = "$root" }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[workspace]
TOML
{
  echo 'use asl::prelude::*;'
  echo '#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]'
  echo 'pub struct Counter { pub n: i64 }'
  echo '#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:step")]'
  echo 'pub fn step(c: Counter) -> Counter;'
  echo '#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:bump")]'
  echo 'pub fn bump(c: Counter) -> Counter;'
  echo '#[workflow]'
  echo 'pub fn generated(input: Counter) -> Counter {'
  echo '    let mut x = input;'
  for ((i = 0; i < calls; i++)); do
    echo '    x = step(x);'
    echo '    if x.n > 0 { x = bump(x); }'
  done
  echo '    x'
  echo '}'
} >"$dir/src/lib.rs"
cp "$root/Cargo.lock" "$dir/Cargo.lock"
cd "$dir"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$dir/target}
for profile in dev release; do
  # Dependencies first (an empty crate with the same dependencies), then the crate alone.
  mv src/lib.rs src/lib.rs.full && echo '' >src/lib.rs
  cargo build -q --profile "$profile"
  mv src/lib.rs.full src/lib.rs && touch src/lib.rs
  start=$(date +%s.%N)
  cargo build -q --profile "$profile"
  end=$(date +%s.%N)
  printf '%s: %.1f s\n' "$profile" "$(echo "$end - $start" | bc)"
done
