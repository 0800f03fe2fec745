#!/usr/bin/env bash
# The model server's tensor transfer benchmark (issue 15): requests/s for a 1 MB FP32 tensor as V2 JSON and with the
# binary tensor data extension, and p50/p99 latency of a small V2 request. One JVM, one client connection. Prints
# Markdown. Options go to TensorTransferBench: --rounds N --seconds S --small N. Set OFFLINE=-o to build offline.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B ${OFFLINE:-} -pl fairing/runtime test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime >&2
cd fairing/runtime
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jfairing.runtime.bench.TensorTransferBench "$@"
