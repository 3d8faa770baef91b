"""The workspace import format: every table, column, type, range and reference.

This module is the single source of truth. The importer validates against it,
the store creates its tables from it, the demo generator writes it, and
``workspace.schema.json`` (the machine-readable description shipped with the
package and documented in ``docs/import-format.md``) is generated from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ColumnType = Literal["id", "string", "integer", "number", "timestamp", "date", "boolean"]

ISO_639_1_FIRST_CLASS = ("et", "pl", "en")
ITEM_KINDS = (
    "kano_functional",
    "kano_dysfunctional",
    "importance",
    "expectation",
    "perception",
    "rating",
    "indicator",
)
KANO_ANSWERS = {1: "like", 2: "must-be", 3: "neutral", 4: "live-with", 5: "dislike"}


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    required: bool = False
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    allowed: tuple[str, ...] | None = None
    pattern: str | None = None
    default: Any = None
    #: "table.column" this column refers to (a dangling reference is rejected)
    references: str | None = None
    #: reference checked only when the referenced table is part of the workspace
    max_length: int | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    #: columns that identify a row; re-importing a row with the same key changes nothing
    key: tuple[str, ...] = ()
    #: process data kept as append-only Parquet instead of the transactional store
    process_data: bool = False
    #: rows with identical content are distinct events (no natural key): the key is
    #: the content hash plus the occurrence number within its source file
    keyed_by_content: bool = False
    checks: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)


_ALPHA2 = r"^[A-Z]{2}$"
_LANG = r"^[a-z]{2}$"


def _id(name: str, required: bool = True, references: str | None = None, desc: str = "") -> Column:
    return Column(
        name, "id", required=required, references=references, description=desc, max_length=200
    )


TABLES: tuple[Table, ...] = (
    Table(
        "customers",
        "Who buys: one row per customer.",
        (
            _id("customer_id"),
            Column(
                "segment",
                "string",
                description="Customer segment, e.g. consumer, business, education",
            ),
            Column(
                "country", "string", pattern=_ALPHA2, description="ISO 3166-1 alpha-2 country code"
            ),
            Column("language", "string", pattern=_LANG, description="ISO 639-1 language code"),
            Column("since", "timestamp", description="Customer since"),
        ),
        key=("customer_id",),
    ),
    Table(
        "products",
        "What is sold.",
        (
            _id("product_id"),
            Column("name", "string"),
            Column("family", "string"),
        ),
        key=("product_id",),
    ),
    Table(
        "orders",
        "One row per order (line).",
        (
            _id("order_id"),
            _id("customer_id", references="customers.customer_id"),
            _id("product_id", required=False, references="products.product_id"),
            Column("ordered_at", "timestamp", required=True),
            Column("delivered_at", "timestamp"),
            Column("quantity", "integer", minimum=1, default=1),
            _id("lot_id", required=False, references="lots.lot_id", desc="Finished lot delivered"),
        ),
        key=("order_id",),
        checks=("delivered_at >= ordered_at",),
    ),
    Table(
        "lots",
        "Finished production lots.",
        (
            _id("lot_id"),
            _id("product_id", required=False, references="products.product_id"),
            Column("produced_at", "timestamp", required=True),
            Column("size", "integer", minimum=1),
        ),
        key=("lot_id",),
    ),
    Table(
        "lot_parts",
        "Which supplier lots of which parts went into a finished lot (traceability).",
        (
            _id("lot_id", references="lots.lot_id"),
            Column("part", "string", required=True),
            _id("supplier_id"),
            _id("supplier_lot_id", required=False),
        ),
        key=("lot_id", "part", "supplier_id", "supplier_lot_id"),
    ),
    Table(
        "stages",
        "Production stages in flow order.",
        (
            _id("stage_id"),
            Column("name", "string"),
            Column(
                "sequence",
                "integer",
                required=True,
                minimum=0,
                description="Position in the production flow",
            ),
        ),
        key=("stage_id",),
    ),
    Table(
        "characteristics",
        "Measured quality characteristics, each at one stage, with specification limits.",
        (
            _id("characteristic_id"),
            _id("stage_id", references="stages.stage_id"),
            Column("name", "string"),
            Column("unit", "string"),
            Column("lsl", "number", description="Lower specification limit"),
            Column("target", "number"),
            Column("usl", "number", description="Upper specification limit"),
            Column("subgroup_size", "integer", minimum=1),
        ),
        key=("characteristic_id",),
        checks=("lsl < usl", "lsl <= target <= usl"),
    ),
    Table(
        "measurements",
        "Individual measurements of a characteristic (high volume).",
        (
            _id("characteristic_id", references="characteristics.characteristic_id"),
            Column("measured_at", "timestamp", required=True),
            Column("value", "number", required=True),
            _id(
                "subgroup", required=False, desc="Groups the measurements of one rational subgroup"
            ),
            _id("lot_id", required=False, references="lots.lot_id"),
        ),
        process_data=True,
        keyed_by_content=True,
    ),
    Table(
        "inspections",
        "Units inspected at a stage and how many passed first time.",
        (
            _id("stage_id", references="stages.stage_id"),
            Column("inspected_at", "timestamp", required=True),
            _id("lot_id", required=False, references="lots.lot_id"),
            Column("inspected", "integer", required=True, minimum=0),
            Column(
                "passed_first_time",
                "integer",
                required=True,
                minimum=0,
                description="Units through without rework or scrap",
            ),
            Column("defective", "integer", minimum=0),
            Column("defects", "integer", minimum=0),
        ),
        process_data=True,
        keyed_by_content=True,
        checks=("passed_first_time <= inspected", "defective <= inspected"),
    ),
    Table(
        "defects",
        "Defects found, by stage and type.",
        (
            _id("stage_id", references="stages.stage_id"),
            Column("found_at", "timestamp", required=True),
            _id("lot_id", required=False, references="lots.lot_id"),
            Column("defect_type", "string", required=True),
            Column("count", "integer", minimum=1, default=1),
            _id("supplier_id", required=False),
        ),
        process_data=True,
        keyed_by_content=True,
    ),
    Table(
        "requirements",
        "Customer requirements, optionally realised at a stage.",
        (
            _id("requirement_id"),
            Column("name", "string", required=True),
            Column("dimension", "string"),
            _id("stage_id", required=False, references="stages.stage_id"),
        ),
        key=("requirement_id",),
    ),
    Table(
        "items",
        "Survey questions.",
        (
            _id("item_id"),
            Column("kind", "string", required=True, allowed=ITEM_KINDS),
            _id("requirement_id", required=False, references="requirements.requirement_id"),
            Column("block", "string", description="Latent construct of an indicator item"),
            Column("scale_min", "number"),
            Column("scale_max", "number"),
            Column("text", "string", max_length=5000),
        ),
        key=("item_id",),
        checks=("scale_min < scale_max",),
    ),
    Table(
        "responses",
        "Survey responses (one per respondent and survey).",
        (
            _id("response_id"),
            Column("answered_at", "timestamp", required=True),
            _id("customer_id", required=False, references="customers.customer_id"),
            _id("order_id", required=False, references="orders.order_id"),
            _id("product_id", required=False, references="products.product_id"),
            Column("language", "string", pattern=_LANG),
            Column("nps", "integer", minimum=0, maximum=10),
            Column("csat", "integer", minimum=1, maximum=5),
            Column("ces", "integer", minimum=1, maximum=7),
            Column("comment", "string", max_length=100_000),
        ),
        key=("response_id",),
    ),
    Table(
        "answers",
        "Answers to survey items (Kano answers 1 like, 2 expect, 3 neutral, 4 live with, 5 dislike).",
        (
            _id("response_id", references="responses.response_id"),
            _id("item_id", references="items.item_id"),
            Column("value", "number", required=True),
        ),
        key=("response_id", "item_id"),
        checks=("value within the item's scale_min..scale_max; Kano items 1..5",),
    ),
    Table(
        "complaints",
        "Complaints in any language.",
        (
            _id("complaint_id"),
            Column("received_at", "timestamp", required=True),
            _id("customer_id", required=False, references="customers.customer_id"),
            _id("order_id", required=False, references="orders.order_id"),
            _id("product_id", required=False, references="products.product_id"),
            Column("channel", "string"),
            Column("language", "string", pattern=_LANG),
            Column("text", "string", required=True, max_length=100_000),
            Column("severity", "integer", minimum=1, maximum=5),
        ),
        key=("complaint_id",),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(TABLES_BY_NAME)
SCHEMA_VERSION = "1.0"


def table(name: str) -> Table:
    try:
        return TABLES_BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"unknown workspace table {name!r}; known: {', '.join(TABLE_NAMES)}"
        ) from None


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) describing one row of every workspace table."""
    type_map: dict[str, dict[str, Any]] = {
        "id": {"type": "string", "minLength": 1},
        "string": {"type": "string"},
        "integer": {"type": "integer"},
        "number": {"type": "number"},
        "timestamp": {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 date or date-time; naive means UTC",
        },
        "date": {"type": "string", "format": "date"},
        "boolean": {"type": "boolean"},
    }
    defs: dict[str, Any] = {}
    for t in TABLES:
        props: dict[str, Any] = {}
        for c in t.columns:
            p = dict(type_map[c.type])
            if c.description:
                p["description"] = (p.get("description", "") + " " + c.description).strip()
            if c.minimum is not None:
                p["minimum"] = c.minimum
            if c.maximum is not None:
                p["maximum"] = c.maximum
            if c.allowed is not None:
                p["enum"] = list(c.allowed)
            if c.pattern is not None:
                p["pattern"] = c.pattern
            if c.max_length is not None:
                p["maxLength"] = c.max_length
            if c.default is not None:
                p["default"] = c.default
            if c.references:
                p["x-references"] = c.references
            if not c.required:
                p = {"anyOf": [p, {"type": "null"}]}
            props[c.name] = p
        defs[t.name] = {
            "title": t.name,
            "description": t.description,
            "type": "object",
            "properties": props,
            "required": list(t.required_columns),
            "x-key": list(t.key),
            "x-process-data": t.process_data,
            "x-checks": list(t.checks),
            "x-files": [f"{t.name}.csv", f"{t.name}.parquet", f"{t.name}.xlsx"],
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://totalquality.invalid/schemas/workspace-" + SCHEMA_VERSION + ".json",
        "title": "totalquality workspace import format",
        "description": (
            "A workspace is a folder of tables; each table is a CSV (UTF-8, optional BOM, "
            "comma or semicolon), Parquet file or one-sheet .xlsx workbook named after the "
            "table. Every table is optional. Each $defs entry describes one row."
        ),
        "x-version": SCHEMA_VERSION,
        "$defs": defs,
    }
