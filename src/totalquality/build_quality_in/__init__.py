"""build_quality_in."""

__all__: list[str] = []
