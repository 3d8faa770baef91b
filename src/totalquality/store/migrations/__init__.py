"""Alembic migrations of the store (run automatically on open)."""
