#!/bin/sh
# Refresh resources/i18n/collector_en.ts from the widget texts of collector/ui (new texts
# come in unfinished: translate them with pyside6-linguist), then build the .qm from it.
set -eu
cd "$(dirname "$0")/.."
.venv/bin/pyside6-lupdate collector/ui/*.py -no-obsolete -source-language zh_CN -target-language en \
    -ts resources/i18n/collector_en.ts
.venv/bin/pyside6-lrelease resources/i18n/collector_en.ts -qm resources/i18n/collector_en.qm
