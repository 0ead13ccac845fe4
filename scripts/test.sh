#!/usr/bin/env bash
# Set up (first time) and run every check: lint, format, the whole test suite.
EXTRAS=dev
source "$(dirname "$0")/_venv.sh"
# The county server's production path is tested on a real PostgreSQL.
if ! command -v pg_ctl >/dev/null && ! compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; then
    apt_install postgresql ||
        echo "PostgreSQL could not be installed: its tests will be skipped (and fail in CI)" >&2
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
exec .venv/bin/pytest "$@"
