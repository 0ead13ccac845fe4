# Sourced by run.sh and test.sh: make .venv with Python >= 3.11 and install the project.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

apt_install() {
    command -v apt-get >/dev/null || return 1
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$@"
}

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    # Debian's python3 has no venv module until python3-venv is installed.
    "$PYTHON" -m venv .venv 2>/dev/null || { apt_install python3-venv && "$PYTHON" -m venv .venv; }
fi
stamp=.venv/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)-${EXTRAS:-none}
if [ ! -f "$stamp" ]; then
    echo "Setting up .venv (first run only)…" >&2
    if ! { .venv/bin/python -m pip install -q --upgrade pip &&
           .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"; } > .venv/install.log 2>&1; then
        cat .venv/install.log >&2
        echo "Installing the project's packages failed; the log is above and in .venv/install.log" >&2
        exit 1
    fi
    rm -f .venv/.installed-* && touch "$stamp"
fi
