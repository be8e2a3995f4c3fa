# Sourced by examples/<language>/run.sh: the pinned generators, installed once into $OMNIGATE_TOOLS (default .tools/ at
# the repository's root) and reused after that. Every version is pinned here, and only here.
OPENAPI_PYTHON_CLIENT_VERSION=0.29.1
OAPI_CODEGEN_VERSION=v2.8.2
OPENAPI_GENERATOR_VERSION=7.27.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tools=${OMNIGATE_TOOLS:-$root/.tools}
document=$root/openapi/omnigate.yaml
generators=$root/openapi/generators
mkdir -p "$tools"

say() { printf '%s\n' "$*" >&2; }

# A Python virtual environment with openapi-python-client and what the example and its checks need.
ensure_python_client() {
  local venv=$tools/python-client stamp
  stamp=$(cat "$root/examples/python/requirements.txt")
  if [ ! -x "$venv/bin/openapi-python-client" ] || [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
    say "installing openapi-python-client $OPENAPI_PYTHON_CLIENT_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$root/examples/python/requirements.txt"
    printf '%s' "$stamp" >"$venv/.stamp"
  fi
  PYTHON_CLIENT_VENV=$venv
}

ensure_oapi_codegen() {
  OAPI_CODEGEN=$tools/bin/oapi-codegen-$OAPI_CODEGEN_VERSION
  if [ ! -x "$OAPI_CODEGEN" ]; then
    say "installing oapi-codegen $OAPI_CODEGEN_VERSION"
    GOBIN=$tools/gobin go install "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@$OAPI_CODEGEN_VERSION"
    mkdir -p "$tools/bin" && mv "$tools/gobin/oapi-codegen" "$OAPI_CODEGEN"
  fi
}

ensure_openapi_generator() {
  OPENAPI_GENERATOR_JAR=$tools/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar
  if [ ! -f "$OPENAPI_GENERATOR_JAR" ]; then
    say "installing openapi-generator-cli $OPENAPI_GENERATOR_VERSION"
    mvn -q -B dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:$OPENAPI_GENERATOR_VERSION" -DoutputDirectory="$tools" >&2
  fi
}

# openapi-generator with a config from openapi/generators/ into a fresh folder; its warnings about the document fail.
openapi_generator() {
  local config=$1 out=$2 log
  ensure_openapi_generator
  rm -rf "$out"
  log=$(java -jar "$OPENAPI_GENERATOR_JAR" generate -c "$generators/$config" -i "$document" -o "$out" 2>&1) || { say "$log"; return 1; }
  check_generator_log "$log"
}

# The lines of a generator's log that are about the document (not the generator's own notices): none allowed.
check_generator_log() {
  local bad
  bad=$(printf '%s\n' "$1" | grep -E 'WARN|ERROR' | grep -v -E "$GENERATOR_NOTICES" || true)
  if [ -n "$bad" ]; then say "the generator warned about the document:"; say "$bad"; return 1; fi
}

# What openapi-generator says of itself or of a target language's naming, never of the document (openapi/README.md
# lists them): its 3.1 support notice, names a language reserves (`range`, `type`), enum values that are not
# identifiers (`7d`), its own response-type names, an example it does not render, and one internal lookup notice.
GENERATOR_NOTICES='OpenAPI 3.1 support is still in beta|cannot be used as (a )?(model|field/variable|enum variant|parameter) name|reserved word|Ignoring complex example on request body|Failed to get the schema name: null'
