"""listen — bringing the organisation's data in: read, validate, import, nothing lost.

A workspace is a folder of tables (``<table>.csv|.parquet|.xlsx``; the format is
:mod:`totalquality._schema`, documented in ``docs/import-format.md`` and shipped
as ``workspace.schema.json``). :func:`import_workspace` validates every file
against the format, against each other and against the rows already stored, loads
the valid rows in one transaction and keeps every rejected row with its reason.
"""

from ._dates import strftime_format
from ._import import (
    ImportRefusedError,
    ImportReport,
    TableCounts,
    export_rejects,
    import_workspace,
    read_folder,
    rejects_frame,
)
from ._mapping import ImportMapping, TableMapping, load_mapping, mapping_yaml, propose_mapping
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
    "ImportMapping",
    "ImportRefusedError",
    "ImportReport",
    "TableCounts",
    "TableFile",
    "TableMapping",
    "TableOutcome",
    "Validation",
    "check_rows",
    "discover",
    "export_rejects",
    "import_workspace",
    "load_mapping",
    "mapping_yaml",
    "neutralise_formula",
    "neutralise_frame",
    "propose_mapping",
    "read_folder",
    "read_table_file",
    "rejects_frame",
    "strftime_format",
    "validate_workspace",
]
