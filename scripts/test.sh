#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, the whole test suite (or the
# pytest arguments given). Installs what the tests need from Debian: the program's Qt
# libraries and Chinese font (via _venv.sh) and PostgreSQL, for the county server's
# production path.
EXTRAS=dev
source "$(dirname "$0")/_venv.sh"
system_packages postgresql
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
