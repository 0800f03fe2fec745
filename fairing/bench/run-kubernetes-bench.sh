#!/usr/bin/env bash
# The Kubernetes backend's own costs against fabric8's mock API server (see KubernetesBench); prints one line per figure.
# Set OFFLINE=-o to build without checking remote repositories.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B ${OFFLINE:-} -pl fairing/run -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cd fairing/run
exec java -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    io.jfairing.fairing.backend.kubernetes.KubernetesBench
