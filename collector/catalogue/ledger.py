"""Messages: Excel ledgers in and out, reports and job matching."""

MESSAGES: dict[str, tuple[str, str]] = {}
