#!/usr/bin/env bash
# The clients other teams generate without a quick start of their own, built and checked from openapi/omnigate.yaml
# with the pinned generators: `check-generated.sh rust` (openapi-generator, cargo check, warnings denied) and
# `check-generated.sh go` (openapi-generator's Go, go vet), and `check-generated.sh validate` (openapi-generator's
# own validation with its recommendations: nothing to report). Build folders under .tools/ are kept between runs.
set -euo pipefail
source "$(dirname "$0")/tools.sh"

case "${1:?usage: check-generated.sh rust|go|validate}" in
  rust)
    openapi_generator rust.yaml "$tools/generated/rust"
    # The first build fetches and compiles the client's crates (minutes on two cores): its target folder is kept.
    (cd "$tools/generated/rust" && CARGO_TARGET_DIR=$tools/cargo-target RUSTFLAGS="-D warnings" cargo check --quiet >&2)
    ;;
  go)
    openapi_generator go.yaml "$tools/generated/go"
    (cd "$tools/generated/go" && go mod tidy >&2 && go vet ./... >&2)
    ;;
  validate)
    ensure_openapi_generator
    report=$(java -jar "$OPENAPI_GENERATOR_JAR" validate --recommend -i "$document" 2>&1)
    grep -q 'No validation issues detected' <<<"$report" || { say "$report"; exit 1; }
    ;;
  *) say "unknown check $1"; exit 2 ;;
esac
echo "$1: ok"
