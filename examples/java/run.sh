#!/usr/bin/env bash
# The Java quick start: generates the client from openapi/omnigate.yaml with the pinned openapi-generator (installed
# once, into .tools/), builds and installs it into the local Maven repository, runs the stream decoders against the
# conformance vectors (mvn test), then runs QuickStart against the gateway at $OMNIGATE_BASE_URL.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../lib/tools.sh"
: "${OMNIGATE_BASE_URL:?set OMNIGATE_BASE_URL to the gateway (npx omnigate mock serves one)}"

openapi_generator java.yaml "$here/build/client"
mvn -q -B -f "$here/build/client/pom.xml" install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true >&2
mvn -q -B -f "$here/pom.xml" test dependency:build-classpath -Dmdep.outputFile="$here/build/classpath.txt" >&2
# Run with java itself: Maven's console would wrap the program's output in terminal escapes.
java -cp "$here/target/classes:$(cat "$here/build/classpath.txt")" dev.omnigate.quickstart.QuickStart
