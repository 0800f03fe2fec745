#!/usr/bin/env bash
# The training-job benchmark (issue 5): a trivial job from submit to first log line and to completion on the local
# process and podman backends, against running the same main class / image directly. Prints a Markdown table.
# The podman rows need docker-registry, podman, runc and skopeo (bin/setup-deps). REPEATS=n sets the repetitions.
# Set OFFLINE=-o to build without checking remote repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B ${OFFLINE:-} -pl fairing/cli -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd fairing/cli
exec java -Xmx1g -Drepeats="${REPEATS:-15}" \
  -cp "target/test-classes:target/classes:../../metadata-client/target/classes:$(cat target/bench.classpath)" \
  io.jfairing.fairing.bench.JobBench
