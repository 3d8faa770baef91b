"""improve."""

__all__: list[str] = []
