#!/usr/bin/env bash
# Build the desktop program for office PCs: dist/collector-VERSION/ (one folder, the
# windowed `collector` and the console `collector-cli`), then print its size.
# With --check, also run the built program's self-check, as CI does: on a screen through
# Qt's X11 (xcb) platform plugin, as users get it (under Xvfb where there is no display),
# so that a library the plugin needs and the folder lacks fails here.
EXTRAS=package
source "$(dirname "$0")/_venv.sh"
# PyInstaller reads libraries' dependencies with objdump and bundles Python's shared
# library, which Debian's python3 lacks; Xvfb is the check's screen.
python_version=$(.venv/bin/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')
system_packages binutils xvfb xauth "libpython$python_version"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
version=$(.venv/bin/python -c 'import collector; print(collector.__version__)')
folder=dist/collector-$version
du -sh "$folder"
if [ "${1:-}" = "--check" ]; then
    # The self-check prints in Chinese; the CI log reads better in English.
    if [ -n "${DISPLAY:-}" ]; then
        QT_QPA_PLATFORM=xcb "$folder/collector-cli" --lang en --self-check
    else
        QT_QPA_PLATFORM=xcb xvfb-run -a "$folder/collector-cli" --lang en --self-check
    fi
fi
