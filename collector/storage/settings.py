"""The names of the settings kept in the store (encrypted with it), in one place: the
store's layer owns them, and the desktop program, the CLI and provisioning read and write
them by these names."""

USER_NAME = "user.name"
USER_ROLE = "user.role"
USER_DIVISION = "user.division"
IDLE_MINUTES = "ui.idle_lock_minutes"
DEFAULT_IDLE_MINUTES = 10
SERVER_URL = "sync.server_url"
CA_BUNDLE = "sync.ca_bundle"
RETURN_REASONS = "review.return_reasons"
"""A reviewer's ready-made return reasons, one a line."""
