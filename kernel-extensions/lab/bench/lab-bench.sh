#!/usr/bin/env bash
# The lab figures of docs/benchmarks.md: page load to a Java kernel idle, the panel's refresh of 1,000 runs, the
# slider round trip, from the browser scenarios page-load.js, panel.js and widgets.js, for one or more JupyterLab
# builds (to compare two builds in the same run, alternately, on the same kernel install).
#
#   kernel-extensions/lab/bench/lab-bench.sh ROUNDS APP_BUILD [APP_BUILD...]     (SCENARIOS="page-load" for some only)
#
# APP_BUILD: a folder with JupyterLab's package.json, static/, schemas/ and themes/ (JupyterLabBrowserIT builds one
# in kernel-extensions/lab/target/jupyterlab/<hash>/). Needs kernel/target/jfairing-kernel.jar and
# kernel-extensions/target/extension (mvn -pl kernel-extensions -am package), and playwright-core in a node_modules
# of one of the builds or $NODE_MODULES. Everything is written in a temporary folder; servers bind 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
lab=$root/kernel-extensions/lab
rounds=$1; shift
work=$(mktemp -d /tmp/jfairing-lab-bench-XXXXXX)
prefix=$work/prefix
node_modules=${NODE_MODULES:-}
for app in "$@"; do [ -z "$node_modules" ] && [ -d "$app/node_modules/playwright-core" ] && node_modules=$app/node_modules; done
[ -n "$node_modules" ] || { echo "no node_modules with playwright-core: set NODE_MODULES" >&2; exit 1; }

java -jar "$root/kernel/target/jfairing-kernel.jar" install --prefix "$prefix" \
  --extension "$root/kernel-extensions/target/extension" --env "JFAIRING_HOME=$work/jfairing-home" >/dev/null

run() { # APP_BUILD: starts a server on it, runs the scenarios, prints their figures, stops the server
  local app=$1 r
  r=$(mktemp -d "$work/run-XXXX")
  rm -rf "$work/jfairing-home"
  mkdir -p "$r/home" "$r/data" "$r/runtime" "$r/notebooks"
  local port=$((20000 + RANDOM % 20000)) token
  token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  env HOME="$r/home" JUPYTER_CONFIG_DIR="$r/home/.jupyter" JUPYTER_DATA_DIR="$r/data" JUPYTER_RUNTIME_DIR="$r/runtime" \
    XDG_CONFIG_HOME="$r/home/.config" XDG_CACHE_HOME="$r/home/.cache" XDG_DATA_HOME="$r/home/.local/share" \
    JUPYTER_PATH="$prefix/share/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1 PYTHONDONTWRITEBYTECODE=1 \
    /usr/bin/python3 "$lab/server/jfairing_lab.py" "$app" --ServerApp.ip=127.0.0.1 --ServerApp.port=$port \
      --ServerApp.port_retries=0 --ServerApp.token="$token" --ServerApp.allow_root=True \
      --ServerApp.open_browser=False --ServerApp.root_dir="$r/notebooks" >"$r/server.log" 2>&1 &
  local server=$!
  for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/api/status?token=$token" >/dev/null && break; sleep 0.3; done
  for scenario in ${SCENARIOS:-page-load panel widgets}; do
    (cd "$lab/browser" && env HOME="$r/home" XDG_CONFIG_HOME="$r/home/.config" XDG_CACHE_HOME="$r/home/.cache" \
      NODE_PATH="$node_modules" LAB_URL="http://127.0.0.1:$port" LAB_TOKEN="$token" SCREENSHOTS="$r/$scenario" \
      RESULT_FILE="$r/$scenario.json" CHROMIUM=/usr/bin/chromium timeout 600 node "$scenario.js" >"$r/$scenario.log" 2>&1) \
      || echo "$scenario failed (log: $r/$scenario.log)"
    [ -f "$r/$scenario.json" ] && /usr/bin/python3 - "$app" "$scenario" "$r/$scenario.json" <<'PY'
import json, statistics, sys
app, scenario, path = sys.argv[1:]
d = json.load(open(path))
figures = {k: v for k, v in d.items() if k.endswith('Ms') or k in ('scripts', 'refreshTimings')}
for k, v in list(figures.items()):
    if isinstance(v, list) and v and all(isinstance(x, (int, float)) for x in v):
        figures[k] = {'median': round(statistics.median(v), 1), 'min': round(min(v), 1), 'max': round(max(v), 1)}
print(json.dumps({'app': app, 'scenario': scenario, **figures}))
PY
  done
  kill "$server"; wait "$server" 2>/dev/null || true
}

for round in $(seq 1 "$rounds"); do
  for app in "$@"; do run "$app"; done
done
echo "runs kept in $work" >&2
