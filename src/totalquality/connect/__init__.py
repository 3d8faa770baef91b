"""connect."""

__all__: list[str] = []
