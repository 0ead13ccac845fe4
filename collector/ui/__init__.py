"""The PySide6 desktop program: a thin layer over the core."""
