#!/usr/bin/env bash
# Set up everything the project needs, idempotently: Debian chromium (browser tests),
# a virtualenv in .venv with the pinned dependencies, and the import-time fix of docs/stack.md.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian chromium and fonts" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  else
    echo "setup: chromium is missing; browser tests need 'sudo apt-get install chromium'" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.cchc-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -c constraints.txt -e ".[test]"
  echo "$want" > "$stamp"
fi
# jsonschema[format-nongpl] pulls in rfc3987-syntax, which builds ~35 parsers at import
# and doubles the start-up of papermill, Voila and altair (docs/stack.md). No Jupyter schema
# uses the IRI formats it checks; tests/test_setup.py fails if it comes back.
.venv/bin/python -m pip uninstall -q -y rfc3987-syntax >/dev/null 2>&1 || true
