#!/usr/bin/env bash
# Writes the onboarding notebooks 01-07 from the cells in onboarding_cells.py, so that the code they share (loading
# the wine data, the model, tracking) is written once. Edit the cells here, run this, and commit the notebooks.
#   notebooks/tools/generate.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
for script in gen01_02 gen03_04 gen05_06 gen07; do
  /usr/bin/python3 "$here/$script.py" "$here/.."
done
