"""Excel ledgers (台账) in and out: read a township's sheet, map its columns to form fields,
convert its values, preview every problem, import all-or-nothing; export ledgers per
township or village.

Long operations take `progress(done, total)` and `cancelled() -> bool` so that the desktop
program can run them on a worker thread; nothing here imports Qt.
"""
