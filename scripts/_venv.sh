# Sourced by run.sh, test.sh and package.sh: install the Debian packages the program needs,
# make .venv with Python >= 3.11 and install the project with $EXTRAS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# What PySide6's libraries and its xcb platform plugin load that a minimal Debian lacks
# (found with ldd on a debootstrap minbase root; scripts/bare-root-check.sh proves it),
# and a Chinese font for the windows and the report's charts.
PROGRAM_PACKAGES=(
    libglib2.0-0 libgl1 libegl1 libfontconfig1 libfreetype6 libdbus-1-3 libxkbcommon0
    libxkbcommon-x11-0 libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0
    libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0
    libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
    libxcb-xkb1 fonts-noto-cjk
)

# Installs those of the named Debian packages that are missing. Checked with dpkg-query
# first, so that a second run is instant and needs no network; apt's chatter goes to
# .system-packages.log and a failure is one plain message (exit 1).
system_packages() {
    command -v dpkg-query >/dev/null || return 0  # not Debian: README says what to install
    local missing=() package
    for package in "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" ||
            missing+=("$package")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null && sudo="sudo"
    fi
    echo "Installing system packages: ${missing[*]}" >&2
    if ! { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; } ||
        ! { $sudo apt-get update -qq &&
            $sudo env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
            > .system-packages.log 2>&1; then
        echo "Could not install ${missing[*]} (needs root or sudo and the Debian mirror;" \
            "apt's output is in .system-packages.log). Install them and run this again." >&2
        exit 1
    fi
}

system_packages python3 python3-venv "${PROGRAM_PACKAGES[@]}"
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# One stamp per extra (server, dev, package): switching between the scripts installs an
# extra once, not at every switch; a changed pyproject.toml installs again.
version=$(cksum < pyproject.toml | cut -d' ' -f1)
stamp=.venv/.installed-$version-${EXTRAS:-none}
if [ ! -f "$stamp" ]; then
    echo "Setting up .venv for ${EXTRAS:-the program} (once)…" >&2
    if ! { .venv/bin/python -m pip install -q --upgrade pip &&
           .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"; } > .venv/install.log 2>&1; then
        cat .venv/install.log >&2
        echo "Installing the project's packages failed; the log is above and in .venv/install.log" >&2
        exit 1
    fi
    find .venv -maxdepth 1 -name ".installed-*" ! -name ".installed-$version-*" -delete
    touch "$stamp"
fi
