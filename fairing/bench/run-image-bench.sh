#!/usr/bin/env bash
# The image benchmark (issue 4): jfairing (Jib) vs buildah bud + push, same notebook, same registry, same run.
# Needs docker-registry, buildah, runc (apt-get install -y docker-registry buildah runc). Prints a Markdown table.
# Set OFFLINE=-o to build without checking remote repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in /usr/bin/docker-registry /usr/bin/buildah; do
  [ -x "$tool" ] || { echo "needs $tool (apt-get install -y docker-registry buildah runc)" >&2; exit 2; }
done
mvn -q -B ${OFFLINE:-} -pl fairing/cli -am install -DskipTests
mvn -q -B ${OFFLINE:-} -pl fairing/cli test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd fairing/cli
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.jfairing.fairing.bench.ImageBench
