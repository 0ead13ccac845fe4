#!/usr/bin/env bash
# Build the desktop program for office PCs: dist/collector-VERSION/ (one folder, the
# windowed `collector` and the console `collector-cli`), then print its size.
# With --check, also run the built program's self-check, as CI does.
EXTRAS=package
source "$(dirname "$0")/_venv.sh"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN build.spec
version=$(.venv/bin/python -c 'import collector; print(collector.__version__)')
folder=dist/collector-$version
du -sh "$folder"
if [ "${1:-}" = "--check" ]; then
    # The self-check prints in Chinese; the CI log reads better in English.
    "$folder/collector-cli" --lang en --self-check
fi
