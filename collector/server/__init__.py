"""The county server (FastAPI)."""
