#!/usr/bin/env bash
# Set up, then run every test (unit, notebooks, Voila in a real browser).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
exec .venv/bin/python -m pytest "$@"
