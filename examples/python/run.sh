#!/usr/bin/env bash
# The Python quick start: generates the client from openapi/omnigate.yaml with the pinned openapi-python-client
# (installed once, into .tools/), checks it (ruff, mypy --strict), runs the stream decoders against the conformance
# vectors, then runs quickstart.py against the gateway at $OMNIGATE_BASE_URL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/tools.sh"
: "${OMNIGATE_BASE_URL:?set OMNIGATE_BASE_URL to the gateway (npx omnigate mock serves one)}"

ensure_python_client
py=$PYTHON_CLIENT_VENV/bin
out=$here/build
rm -rf "$out" && mkdir -p "$out"
log=$(PATH=$py:$PATH "$py/openapi-python-client" generate --path "$document" --config "$generators/openapi-python-client.yaml" \
  --meta setup --output-path "$out/omnigate-client" 2>&1) || { say "$log"; exit 1; }
# It prints "Warning(s) encountered" for anything it had to skip or guess in the document.
if grep -qi 'warning' <<<"$log"; then say "$log"; exit 1; fi
export PYTHONPATH=$out/omnigate-client:$here
(cd "$here" && "$py/ruff" check --quiet --no-cache omnigate_streams.py quickstart.py test_vectors.py >&2)
"$py/mypy" --strict --no-error-summary --cache-dir "$out/.mypy" "$out/omnigate-client/omnigate_client" "$here/omnigate_streams.py" \
  "$here/quickstart.py" "$here/test_vectors.py" >&2
"$py/python" "$here/test_vectors.py" >&2
"$py/python" "$here/quickstart.py"
