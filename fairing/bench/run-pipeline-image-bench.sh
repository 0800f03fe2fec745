#!/usr/bin/env bash
# The step image and podman runner benchmark (issue 18): builds the step images of a 3-step pipeline into a
# docker-registry, rebuilds after one step changed and unchanged, and runs a 5-step chain with the podman runner
# against podman run of one step's image. Needs docker-registry, podman, runc, skopeo (bin/setup-deps installs them).
# Prints the figures. Set OFFLINE=-o to build without checking remote repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in /usr/bin/docker-registry /usr/bin/podman /usr/sbin/runc; do
  [ -x "$tool" ] || { echo "needs $tool (bin/setup-deps)" >&2; exit 2; }
done
mvn -q -B ${OFFLINE:-} -pl fairing/pipeline -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test -DskipTests
cd fairing/pipeline
exec java -Xmx768m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.jfairing.fairing.pipeline.StepImagesBench
