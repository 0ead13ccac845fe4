#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, the whole test suite.
EXTRAS=dev
source "$(dirname "$0")/_venv.sh"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
