"""The program's log: one rotated file in the user's log folder, with no personal data.

What goes in are event names, counts and record ids, the program's version and platform,
and the traceback of an unexpected error, so that county IT can tell what happened on a
PC without the log becoming a second, unencrypted copy of the survey. Tracebacks are the
risk: SQLAlchemy writes a failed statement's parameters into its exception text (names,
ID numbers, phones), and a value may end up in any message. So every line passes a filter
that drops `[parameters: ...]` and masks whatever looks like a resident ID number or a
mobile number before it is written; SQLAlchemy's own SQL logging stays at WARNING.
"""

from __future__ import annotations

import logging
import logging.handlers
import platform
import re
import sys
from pathlib import Path

from collector import __version__
from collector.paths import log_dir

LOG_FILE = "collector.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
"""At most six files of 1 MB: months of events on a village PC, never a full disk."""
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_PARAMETERS = re.compile(r"\[parameters: .*?\]\n?", re.DOTALL)
_ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
_handler: logging.Handler | None = None


def redact(text: str) -> str:
    text = _PARAMETERS.sub("[parameters hidden]\n", text)
    text = _ID_NUMBER.sub("<id-number>", text)
    return _MOBILE.sub("<mobile>", text)


class Redacting(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = redact(record.getMessage()), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(folder: Path | None = None) -> Path:
    """Log to `folder` (the user's log folder by default) from now on; returns the file.
    Called by the program's entry points; calling it again moves the log."""
    global _handler
    folder = Path(folder) if folder is not None else log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / LOG_FILE
    root = logging.getLogger()
    if _handler is not None:
        root.removeHandler(_handler)
        _handler.close()
    _handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
    )
    _handler.setFormatter(logging.Formatter(FORMAT))
    _handler.addFilter(Redacting())
    root.addHandler(_handler)
    root.setLevel(logging.INFO)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    # A windowed program has no console: an uncaught error would otherwise vanish.
    sys.excepthook = _log_uncaught
    logging.getLogger("collector").info(
        "start version=%s python=%s platform=%s",
        __version__,
        platform.python_version(),
        platform.platform(terse=True),
    )
    return path


def _log_uncaught(kind, value, traceback) -> None:
    logging.getLogger("collector").critical("uncaught error", exc_info=(kind, value, traceback))
    sys.__excepthook__(kind, value, traceback)
