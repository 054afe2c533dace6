#!/usr/bin/env bash
# The main job on the bundled sample province: set up, generate the synthetic Lào Cai,
# and produce the quarterly workbooks for its latest quarter under outputs/.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/cchc sample --out data/sample --scale "${CCHC_SCALE:-full}"
.venv/bin/cchc compute --data data/sample --period 2024Q4 --out outputs/province-2024Q4.csv
