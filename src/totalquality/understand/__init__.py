"""understand."""

__all__: list[str] = []
