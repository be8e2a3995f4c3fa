#!/usr/bin/env bash
# The Go quick start: generates the client from openapi/omnigate.yaml with the pinned oapi-codegen (installed once,
# into .tools/), vets it, runs the stream decoders against the conformance vectors (go test), then runs main.go against
# the gateway at $OMNIGATE_BASE_URL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/tools.sh"
: "${OMNIGATE_BASE_URL:?set OMNIGATE_BASE_URL to the gateway (npx omnigate mock serves one)}"

ensure_oapi_codegen
cd "$here"
rm -rf omnigate && mkdir -p omnigate
log=$("$OAPI_CODEGEN" -config "$generators/oapi-codegen.yaml" "$document" 2>&1) || { say "$log"; exit 1; }
if [ -n "$log" ]; then say "oapi-codegen warned:"; say "$log"; exit 1; fi
export GOFLAGS=-mod=readonly
go vet ./... >&2
go test ./streams >&2
go run .
