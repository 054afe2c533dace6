#!/usr/bin/env bash
# The main job on the bundled sample province: set up, generate the synthetic Lào Cai
# (deterministic), and run the quarterly review for its latest quarter:
# outputs/2024Q4/<unit_id>/workbook.{ipynb,html}, overview.{ipynb,html}, summary.csv,
# tasks.csv, manifest.json. CCHC_SCALE=small runs a smaller province in a fraction of the time.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/cchc sample --out data/sample --scale "${CCHC_SCALE:-full}"
.venv/bin/cchc run --data data/sample --period 2024Q4 --out outputs/2024Q4 --jobs "${CCHC_JOBS:-2}"
echo "done: open outputs/2024Q4/overview.html; serve the dashboard with .venv/bin/cchc serve" >&2
