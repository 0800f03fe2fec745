#!/usr/bin/env bash
# Executes the example notebooks on the jfairing kernel, as NotebookExecutionIT does, and leaves the
# executed copies in OUT_DIR (default: notebooks/target/executed) to look at.
#
#   mvn -q -B -pl kernel -am package -DskipTests
#   notebooks/execute-notebooks.sh [notebook.ipynb ...]
#
# Needs the Debian Python (/usr/bin/python3) with nbconvert and nbclient.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
jar="${KERNEL_JAR:-$here/../kernel/target/jfairing-kernel.jar}"
out="${OUT_DIR:-$here/target/executed}"
python="${PYTHON:-/usr/bin/python3}"
name="jfairing-notebooks-$$"

[[ -f "$jar" ]] || { echo "no kernel jar at $jar; run: mvn -pl kernel -am package -DskipTests" >&2; exit 1; }

prefix="$(mktemp -d)"
trap 'rm -rf "$prefix"' EXIT
java -jar "$jar" install --prefix "$prefix" --name "$name" >/dev/null
export JUPYTER_PATH="$prefix/share/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1
mkdir -p "$out"

cd "$here"
if [[ $# -eq 0 ]]; then set -- *.ipynb; fi
for nb in "$@"; do
  echo "== $nb"
  "$python" -m jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name="$name" --ExecutePreprocessor.timeout=300 \
    --output-dir "$out" "$nb"
done
echo "executed notebooks in $out"
