"""Messages: Sync with the county server and offline bundles."""

MESSAGES: dict[str, tuple[str, str]] = {}
