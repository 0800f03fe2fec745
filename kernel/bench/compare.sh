#!/usr/bin/env bash
# The kernel benchmark side by side with IJava 1.3.0 (built from kernel-extensions/src/test/ijava, the sources the
# tests use), in one run: prints the Markdown table of docs/benchmarks.md ("Kernel on modern Java"). Asserts nothing.
#
#   mvn -q -o -pl kernel,kernel-extensions -am package -DskipTests && kernel/bench/compare.sh [--cold-runs 10 --runs 300]
#
# Kernelspecs (in a temporary prefix), all with the %fairing/%metadata extensions unless named -bare:
#   jfairing-25-aot      the newest JDK (Temurin 25 here) with the AOT cache the installer records: the default install
#   jfairing-25-bare     the same without the extensions: the difference of the two is the extensions' share
#   jfairing-17-cds      --java OpenJDK 17, with the CDS archive the installer records there
#   jfairing-25-nocache  the newest JDK, --no-cache
#   ijava                IJava 1.3.0 on JDK 17, as its own installer starts it (java -cp ... IJava, no flags)
# Extra arguments go to kernel_bench.py. Set JDK17=/path/to/jdk17 to choose the JDK 17.
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=kernel/target/jfairing-kernel.jar
extensions=kernel-extensions/target/extension
for f in "$jar" "$extensions"; do
  [ -e "$f" ] || { echo "missing $f: run mvn -q -o -pl kernel,kernel-extensions -am package -DskipTests" >&2; exit 1; }
done
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
work=$(mktemp -d /tmp/kernel-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
kernels=$work/share/jupyter/kernels
java=$jdk17/bin/java

$java -jar "$jar" install --prefix "$work" --name jfairing-25-aot --extension "$extensions"
$java -jar "$jar" install --prefix "$work" --name jfairing-25-bare
$java -jar "$jar" install --prefix "$work" --name jfairing-17-cds --java "$java" --extension "$extensions"
$java -jar "$jar" install --prefix "$work" --name jfairing-25-nocache --no-cache --extension "$extensions"

# IJava 1.3.0 from its sources, on its dependencies' class path (kernel/bench/ijava/pom.xml)
mvn -q -f kernel/bench/ijava/pom.xml org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.outputFile="$work/ijava.classpath" >&2
ijava=kernel-extensions/src/test/ijava
mkdir -p "$work/ijava-classes"
find "$ijava/java" -name '*.java' > "$work/ijava.sources"
"$jdk17/bin/javac" -nowarn -proc:none -d "$work/ijava-classes" -cp "$(cat "$work/ijava.classpath")" @"$work/ijava.sources"
cp -r "$ijava/resources/." "$work/ijava-classes/"
mkdir -p "$kernels/ijava"
printf '{"argv": ["%s", "-cp", "%s:%s", "io.github.spencerpark.ijava.IJava", "{connection_file}"], "display_name": "IJava 1.3.0", "language": "java", "interrupt_mode": "message"}\n' \
    "$java" "$work/ijava-classes" "$(cat "$work/ijava.classpath")" > "$kernels/ijava/kernel.json"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
JUPYTER_PATH=$work/share/jupyter PYDEVD_DISABLE_FILE_VALIDATION=1 /usr/bin/python3 kernel/bench/kernel_bench.py \
    jfairing-25-aot jfairing-25-bare jfairing-17-cds jfairing-25-nocache ijava \
    --reference ijava --without jfairing-25-aot=jfairing-25-bare "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
