"""listen — bringing the organisation's data in: read, validate, import, nothing lost.

A workspace is a folder of tables (``<table>.csv|.parquet|.xlsx``; the format is
:mod:`totalquality._schema`, documented in ``docs/import-format.md`` and shipped
as ``workspace.schema.json``). :func:`import_workspace` validates every file
against the format, against each other and against the rows already stored, loads
the valid rows in one transaction and keeps every rejected row with its reason.
"""

from ._import import (
    ImportRefusedError,
    ImportReport,
    TableCounts,
    export_rejects,
    import_workspace,
    read_folder,
    rejects_frame,
)
from ._read import TableFile, discover, read_table_file
from ._validate import (
    CheckedTable,
    TableOutcome,
    Validation,
    check_rows,
    neutralise_formula,
    neutralise_frame,
    validate_workspace,
)

__all__ = [
    "CheckedTable",
    "ImportRefusedError",
    "ImportReport",
    "TableCounts",
    "TableFile",
    "TableOutcome",
    "Validation",
    "check_rows",
    "discover",
    "export_rejects",
    "import_workspace",
    "neutralise_formula",
    "neutralise_frame",
    "read_folder",
    "read_table_file",
    "rejects_frame",
    "validate_workspace",
]
