"""Messages: The desktop program's windows."""

MESSAGES: dict[str, tuple[str, str]] = {}
