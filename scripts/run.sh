#!/usr/bin/env bash
# Set up (first time) and run the program: ./scripts/run.sh [collector arguments]
source "$(dirname "$0")/_venv.sh"
exec .venv/bin/collector "$@"
