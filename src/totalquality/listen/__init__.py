"""listen."""

__all__: list[str] = []
