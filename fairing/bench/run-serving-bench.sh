#!/usr/bin/env bash
# The serving benchmark (issue 6): wrk on loopback against a bare JDK HttpServer (the ceiling), the model server's V1
# :predict and V2 /infer, side by side in the same JVM and run. Needs wrk (apt-get install -y wrk). Prints Markdown.
# Options go to ServingBench: --rounds N --seconds S --connections C --threads T. Set OFFLINE=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /usr/bin/wrk ] || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 2; }
mvn -q -B ${OFFLINE:-} -pl fairing/cli -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath \
  -Dmdep.includeScope=test >&2
cd fairing/cli
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jfairing.fairing.bench.ServingBench "$@"
