#!/usr/bin/env bash
# The team image benchmark (issue 8): cold build, unchanged rebuild, one library changed; bytes pushed and times.
# Needs docker-registry (bin/setup-deps) and the libraries it names in ~/.m2/repository (used as a file repository).
# Prints a Markdown table. Set OFFLINE=-o to build without checking remote repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /usr/bin/docker-registry ] || { echo "needs /usr/bin/docker-registry (bin/setup-deps)" >&2; exit 2; }
mvn -q -B ${OFFLINE:-} -pl notebook-images -am package -DskipTests
mvn -q -B ${OFFLINE:-} -pl notebook-images -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd notebook-images
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.jfairing.images.bench.TeamImageBench ../kernel/target/jfairing-kernel.jar
