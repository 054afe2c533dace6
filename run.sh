#!/usr/bin/env bash
# The main job on the bundled sample province: set up, generate the synthetic Lào Cai
# (deterministic: old Lào Cai and old Yên Bái to June 2025, the merged province since),
# run the quarterly review for its latest quarter on the units of today, and the
# programme's 2021–2025 final report:
# outputs/2026Q3/ and outputs/2025/, each with <unit_id>/workbook.{ipynb,html},
# overview.{ipynb,html}, summary.csv, tasks.csv, manifest.json.
# CCHC_SCALE=small runs a smaller province in a fraction of the time.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/cchc sample --out data/sample --scale "${CCHC_SCALE:-full}"
.venv/bin/cchc run --data data/sample --period 2026Q3 --out outputs/2026Q3 --jobs "${CCHC_JOBS:-2}"
.venv/bin/cchc run --data data/sample --period 2025 --out outputs/2025 --jobs "${CCHC_JOBS:-2}"
echo "done: open outputs/2026Q3/overview.html and outputs/2025/overview.html (the 2021–2025 final report); serve the dashboard with .venv/bin/cchc serve" >&2
