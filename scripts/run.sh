#!/usr/bin/env bash
# Set up (first time) and run the program: ./scripts/run.sh [collector arguments]
# Without arguments it runs `collector demo`: a county server on this machine with sample
# data, and the desktop program logged in to it (the server needs the `server` extra).
EXTRAS=${EXTRAS:-server}
source "$(dirname "$0")/_venv.sh"
if [ "$#" -eq 0 ]; then
    set -- demo
fi
exec .venv/bin/collector "$@"
