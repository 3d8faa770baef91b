"""The one Polars type per column type of the import format, shared by import and store."""

from __future__ import annotations

import polars as pl

from .._schema import ColumnType, Table

POLARS_TYPES: dict[ColumnType, pl.DataType] = {
    "id": pl.String(),
    "string": pl.String(),
    "integer": pl.Int64(),
    "number": pl.Float64(),
    # naive = UTC, microseconds (what SQLite, PostgreSQL and Parquet all keep exactly)
    "timestamp": pl.Datetime("us"),
    "date": pl.Date(),
    "boolean": pl.Boolean(),
}

#: DuckDB SQL types of the same, for tables moved from SQL into DuckDB
DUCKDB_TYPES: dict[ColumnType, str] = {
    "id": "VARCHAR",
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
    "boolean": "BOOLEAN",
}

#: how timestamps are written into SQL text columns (SQLAlchemy's own SQLite format)
SQL_TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S%.6f"


def schema_of(spec: Table) -> dict[str, pl.DataType]:
    """Column name → Polars type of a workspace table."""
    return {c.name: POLARS_TYPES[c.type] for c in spec.columns}


def empty_frame(spec: Table, extra: dict[str, pl.DataType] | None = None) -> pl.DataFrame:
    """A frame with the table's columns and no rows."""
    return pl.DataFrame(schema={**schema_of(spec), **(extra or {})})


def cast_from_store(frame: pl.DataFrame, spec: Table) -> pl.DataFrame:
    """Stored values (text timestamps, 0/1 booleans, ...) → the canonical Polars types."""
    exprs = []
    for c in spec.columns:
        if c.name not in frame.columns:
            exprs.append(pl.lit(None, dtype=POLARS_TYPES[c.type]).alias(c.name))
            continue
        col = pl.col(c.name)
        dtype = frame.schema[c.name]
        if c.type == "timestamp" and dtype == pl.String:
            exprs.append(
                pl.coalesce(
                    col.str.to_datetime("%Y-%m-%d %H:%M:%S%.f", time_unit="us", strict=False),
                    col.str.to_datetime("%Y-%m-%d %H:%M:%S", time_unit="us", strict=False),
                    col.str.to_datetime("%Y-%m-%dT%H:%M:%S%.f", time_unit="us", strict=False),
                ).alias(c.name)
            )
        elif c.type == "timestamp" and isinstance(dtype, pl.Datetime) and dtype.time_zone:
            exprs.append(
                col.dt.convert_time_zone("UTC")
                .dt.replace_time_zone(None)
                .cast(pl.Datetime("us"))
                .alias(c.name)
            )
        elif c.type == "date" and dtype == pl.String:
            exprs.append(col.str.to_date("%Y-%m-%d", strict=False).alias(c.name))
        elif c.type == "boolean" and dtype == pl.String:
            exprs.append(
                pl.when(col.is_null())
                .then(None)
                .otherwise(col.str.to_lowercase().is_in(["t", "true", "1"]))
                .alias(c.name)
            )
        else:
            exprs.append(col.cast(POLARS_TYPES[c.type]).alias(c.name))
    rest = [pl.col(n) for n in frame.columns if n not in spec.column_names]
    return frame.select(*exprs, *rest)
