"""The county server's routes under /api/v1, one `APIRouter` per concern; create_app in
collector/server/api.py assembles them."""
